package dev.iamsync.emulator;

import static dev.iamsync.emulator.WindmillJsonBody.Field.optional;
import static dev.iamsync.emulator.WindmillJsonBody.Field.required;
import static dev.iamsync.emulator.WindmillRouter.Access.PUBLIC;
import static dev.iamsync.emulator.WindmillRouter.Access.TOKEN;
import static dev.iamsync.emulator.WindmillRouter.Access.WORKSPACE;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamsync.emulator.WindmillJsonBody.Field;
import dev.iamsync.emulator.WindmillJsonBody.Kind;
import java.util.List;

/** The handlers of the emulated routes. They run under the emulator's lock, after auth and workspace checks. */
final class WindmillRoutes {

    static final String VERSION = "CE v1.743.0";
    static final String CALLER_EMAIL = "admin@windmill.dev";

    /** How a superadmin caller is written into folder owners; the server would use {@code u/<email>}. */
    static final String CALLER_OWNER = "u/admin";

    private static final long DEFAULT_PER_PAGE = 1000;

    private static final List<Field> NEW_FOLDER = List.of(
            required("name", Kind.STRING),
            optional("summary", Kind.STRING),
            optional("display_name", Kind.STRING),
            optional("owners", Kind.STRING_LIST),
            optional("extra_perms", Kind.ANY),
            optional("default_permissioned_as", Kind.ANY),
            optional("labels", Kind.STRING_LIST));

    private static final List<Field> CREATE_VARIABLE = List.of(
            required("path", Kind.STRING),
            required("value", Kind.STRING),
            required("is_secret", Kind.BOOLEAN),
            required("description", Kind.STRING),
            optional("account", Kind.I32),
            optional("is_oauth", Kind.BOOLEAN),
            optional("expires_at", Kind.STRING),
            optional("labels", Kind.STRING_LIST),
            optional("ws_specific", Kind.BOOLEAN));

    private static final List<Field> EDIT_VARIABLE = List.of(
            optional("path", Kind.STRING),
            optional("value", Kind.STRING),
            optional("is_secret", Kind.BOOLEAN),
            optional("description", Kind.STRING),
            optional("account", Kind.I32),
            optional("labels", Kind.STRING_LIST),
            optional("ws_specific", Kind.BOOLEAN));

    private final WindmillEmulator emulator;

    WindmillRoutes(WindmillEmulator emulator) {
        this.emulator = emulator;
    }

    WindmillRouter router() {
        String workspace = "/api/w/{workspace}";
        return new WindmillRouter()
                .add("GET", "/api/version", PUBLIC, exchange -> WindmillResponse.text(200, VERSION))
                .add("GET", "/api/users/whoami", TOKEN, exchange -> whoami())
                .add("GET", "/api/workspaces/list_as_superadmin", TOKEN, this::listAsSuperadmin)
                .add("GET", workspace + "/folders/exists/{name}", WORKSPACE, this::folderExists)
                .add("GET", workspace + "/folders/get/{name}", WORKSPACE, this::getFolder)
                .add("POST", workspace + "/folders/create", WORKSPACE, this::createFolder)
                .add("GET", workspace + "/variables/exists/{*path}", WORKSPACE, this::variableExists)
                .add("GET", workspace + "/variables/get/{*path}", WORKSPACE, this::getVariable)
                .add("GET", workspace + "/variables/get_value/{*path}", WORKSPACE, this::getVariableValue)
                .add("POST", workspace + "/variables/create", WORKSPACE, this::createVariable)
                .add("POST", workspace + "/variables/update/{*path}", WORKSPACE, this::updateVariable);
    }

    private static WindmillResponse whoami() {
        ObjectNode json = WindmillResponse.MAPPER.createObjectNode();
        json.put("email", CALLER_EMAIL);
        json.put("login_type", "password");
        json.put("super_admin", true);
        json.put("devops", false);
        json.put("verified", true);
        json.put("name", "Admin");
        return WindmillResponse.json(200, json);
    }

    /**
     * The server's query has no ORDER BY; the emulator's order is a stable shuffle. With duplicates on, each
     * page starts with the previous page's last item (pages advance by per_page - 1), so nothing is lost.
     */
    private WindmillResponse listAsSuperadmin(WindmillExchange exchange) {
        long page = Math.max(exchange.queryCount("page").orElse(1), 1);
        long perPage = Math.min(Math.max(exchange.queryCount("per_page").orElse(DEFAULT_PER_PAGE), 1),
                emulator.pageCap());
        List<WindmillWorkspace> listed = emulator.workspacesInListingOrder();
        long step = emulator.duplicatesAcrossPages() && perPage > 1 ? perPage - 1 : perPage;

        ArrayNode json = WindmillResponse.MAPPER.createArrayNode();
        if (page - 1 < listed.size()) {
            long offset = (page - 1) * step;
            for (long i = offset; i < listed.size() && i < offset + perPage; i++) {
                json.add(listed.get((int) i).toJson());
            }
        }
        return WindmillResponse.json(200, json);
    }

    private WindmillResponse folderExists(WindmillExchange exchange) {
        return WindmillResponse.jsonBoolean(workspace(exchange).folder(exchange.param("name")).isPresent());
    }

    private WindmillResponse getFolder(WindmillExchange exchange) {
        WindmillWorkspace workspace = workspace(exchange);
        String name = exchange.param("name");
        WindmillWorkspace.StoredFolder folder = workspace.folder(name)
                .orElseThrow(() -> WindmillHttpError.notFound("Folder not found at name " + name));
        return WindmillResponse.json(200, workspace.folderJson(folder));
    }

    private WindmillResponse createFolder(WindmillExchange exchange) {
        ObjectNode body = WindmillJsonBody.read(exchange, "NewFolder", NEW_FOLDER);
        return workspace(exchange).createFolder(body, CALLER_OWNER, emulator.hyphenInFolderNames());
    }

    private WindmillResponse variableExists(WindmillExchange exchange) {
        return WindmillResponse.jsonBoolean(workspace(exchange).variable(exchange.param("path")).isPresent());
    }

    private WindmillResponse getVariable(WindmillExchange exchange) {
        boolean decrypt = exchange.queryBoolean("decrypt_secret", true);
        boolean includeEncrypted = exchange.queryBoolean("include_encrypted", false);
        exchange.queryBoolean("get_draft", false);
        WindmillWorkspace workspace = workspace(exchange);
        return WindmillResponse.json(200,
                workspace.variableJson(existingVariable(workspace, exchange), decrypt, includeEncrypted));
    }

    private WindmillResponse getVariableValue(WindmillExchange exchange) {
        exchange.queryBoolean("allow_cache", false);
        return WindmillResponse.jsonString(existingVariable(workspace(exchange), exchange).value());
    }

    private WindmillResponse createVariable(WindmillExchange exchange) {
        rejectAlreadyEncrypted(exchange);
        ObjectNode body = WindmillJsonBody.read(exchange, "CreateVariable", CREATE_VARIABLE);
        return workspace(exchange).createVariable(body);
    }

    private WindmillResponse updateVariable(WindmillExchange exchange) {
        rejectAlreadyEncrypted(exchange);
        ObjectNode body = WindmillJsonBody.read(exchange, "EditVariable", EDIT_VARIABLE);
        return workspace(exchange).updateVariable(exchange.param("path"), body);
    }

    /** The emulator keeps plaintext only, so it cannot take ciphertext; it says so loudly instead of pretending. */
    private static void rejectAlreadyEncrypted(WindmillExchange exchange) {
        if (exchange.queryBoolean("already_encrypted", false)) {
            throw new WindmillHttpError(WindmillResponse.text(501, "already_encrypted=true is not emulated"));
        }
    }

    private static WindmillEmulator.Variable existingVariable(WindmillWorkspace workspace, WindmillExchange exchange) {
        String path = exchange.param("path");
        return workspace.variable(path)
                .orElseThrow(() -> WindmillHttpError.notFound("Variable " + path + " not found"));
    }

    private WindmillWorkspace workspace(WindmillExchange exchange) {
        return emulator.workspace(exchange.param("workspace")).orElseThrow();
    }
}
