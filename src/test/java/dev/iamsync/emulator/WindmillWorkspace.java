package dev.iamsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The folders and variables of one workspace, with the server's rules for writing them. Not thread-safe: the
 * emulator calls it under its lock. Rule failures are thrown as {@link WindmillHttpError} with the status and
 * text the server gives, in the order the server checks them.
 */
final class WindmillWorkspace {

    /** The {@code proper_id} CHECK on item paths; PostgreSQL's {@code \w} under a UTF-8 locale is Unicode-aware. */
    private static final Pattern ITEM_PATH = Pattern.compile("[ufg](/[\\p{IsAlphabetic}\\p{IsDigit}_-]+){2,}");
    private static final Pattern FOLDER_NAME = Pattern.compile("[a-zA-Z_0-9]+");
    private static final Pattern FOLDER_NAME_WITH_HYPHEN = Pattern.compile("[a-zA-Z_0-9-]+");

    private static final int PATH_COLUMN_CHARS = 255;
    private static final int VALUE_COLUMN_CHARS = 15_000;
    private static final int DESCRIPTION_COLUMN_CHARS = 10_000;
    private static final int DISPLAY_NAME_COLUMN_CHARS = 100;
    private static final int AES_BLOCK_BYTES = 16;

    record StoredFolder(
            String name, String displayName, List<String> owners, Map<String, Boolean> extraPerms, String summary) {
        WindmillEmulator.Folder toFolder() {
            return new WindmillEmulator.Folder(name, owners, extraPerms, summary);
        }
    }

    private final String id;
    private final boolean archived;
    private final long listingKey;
    private final Map<String, StoredFolder> folders = new HashMap<>();
    private final Map<String, WindmillEmulator.Variable> variables = new HashMap<>();

    WindmillWorkspace(String id, boolean archived, long listingKey) {
        this.id = id;
        this.archived = archived;
        this.listingKey = listingKey;
    }

    String id() {
        return id;
    }

    boolean archived() {
        return archived;
    }

    long listingKey() {
        return listingKey;
    }

    ObjectNode toJson() {
        ObjectNode json = WindmillResponse.MAPPER.createObjectNode();
        json.put("id", id);
        json.put("name", id);
        json.put("owner", WindmillRoutes.CALLER_EMAIL);
        json.put("deleted", archived);
        json.put("premium", false);
        json.putNull("color");
        json.putNull("parent_workspace_id");
        return json;
    }

    Optional<StoredFolder> folder(String name) {
        return Optional.ofNullable(folders.get(name));
    }

    void putFolder(StoredFolder folder) {
        folders.put(folder.name(), folder);
    }

    /** POST folders/create: name rule, then conflict, then the caller joins the owners with write access. */
    WindmillResponse createFolder(ObjectNode body, String caller, boolean hyphenAllowed) {
        String name = WindmillJsonBody.string(body, "name").orElseThrow();
        if (!(hyphenAllowed ? FOLDER_NAME_WITH_HYPHEN : FOLDER_NAME).matcher(name).matches()) {
            throw WindmillHttpError.badRequest("Folder name can only contain alphanumeric characters, underscores"
                    + (hyphenAllowed ? " and hyphens" : ""));
        }
        if (folders.containsKey(name)) {
            throw WindmillHttpError.badRequest("Folder " + name + " already exists");
        }
        List<String> owners = new ArrayList<>(WindmillJsonBody.strings(body, "owners").orElse(List.of(caller)));
        if (!owners.contains(caller)) {
            owners.add(caller);
        }
        Map<String, Boolean> extraPerms = extraPerms(WindmillJsonBody.present(body, "extra_perms"));
        owners.forEach(owner -> extraPerms.put(owner, true));

        String displayName = WindmillJsonBody.string(body, "display_name").orElse(name);
        if (chars(displayName) > DISPLAY_NAME_COLUMN_CHARS) {
            // The server wraps this insert failure in a 500 rather than its usual 400 for database errors.
            throw WindmillHttpError.internal("Failed to create folder: error returned from database: "
                    + tooLong(DISPLAY_NAME_COLUMN_CHARS));
        }
        String summary = WindmillJsonBody.string(body, "summary").orElse(null);
        folders.put(name, new StoredFolder(name, displayName, List.copyOf(owners), extraPerms, summary));
        return WindmillResponse.text(200, "Created folder " + name);
    }

    ObjectNode folderJson(StoredFolder folder) {
        ObjectNode json = WindmillResponse.MAPPER.createObjectNode();
        json.put("workspace_id", id);
        json.put("name", folder.name());
        json.put("display_name", folder.displayName());
        folder.owners().forEach(json.putArray("owners")::add);
        ObjectNode perms = json.putObject("extra_perms");
        folder.extraPerms().forEach(perms::put);
        if (folder.summary() == null) {
            json.putNull("summary");
        } else {
            json.put("summary", folder.summary());
        }
        return json;
    }

    private static Map<String, Boolean> extraPerms(Optional<JsonNode> sent) {
        Map<String, Boolean> perms = new LinkedHashMap<>();
        if (sent.isEmpty()) {
            return perms;
        }
        if (!sent.get().isObject()) {
            throw WindmillHttpError.badRequest("extra_perms must be an object");
        }
        for (Map.Entry<String, JsonNode> entry : sent.get().properties()) {
            if (!entry.getValue().isBoolean()) {
                // The real server stores any JSON here; the emulator models only the documented booleans.
                throw WindmillHttpError.badRequest("extra_perms values must be booleans (emulator limitation)");
            }
            perms.put(entry.getKey(), entry.getValue().booleanValue());
        }
        return perms;
    }

    Optional<WindmillEmulator.Variable> variable(String path) {
        return Optional.ofNullable(variables.get(path));
    }

    void putVariable(WindmillEmulator.Variable variable) {
        variables.put(variable.path(), variable);
    }

    /** POST variables/create: conflict first (ignoring ACLs), then the column limits, then the path CHECK. */
    WindmillResponse createVariable(ObjectNode body) {
        String path = WindmillJsonBody.string(body, "path").orElseThrow();
        String value = WindmillJsonBody.string(body, "value").orElseThrow();
        boolean secret = WindmillJsonBody.bool(body, "is_secret").orElseThrow();
        String description = WindmillJsonBody.string(body, "description").orElseThrow();
        if (variables.containsKey(path)) {
            throw WindmillHttpError.badRequest("Variable " + path + " already exists");
        }
        requireFits(chars(path), PATH_COLUMN_CHARS);
        requireFits(storedValueChars(value, secret), VALUE_COLUMN_CHARS);
        requireFits(chars(description), DESCRIPTION_COLUMN_CHARS);
        requireProperId(path);

        variables.put(path, new WindmillEmulator.Variable(path, value, secret, description));
        return WindmillResponse.text(201, "variable " + path + " created");
    }

    /**
     * POST variables/update/{path}: only sent fields change. The is_secret flip and rename conflict checks
     * come before the UPDATE; its literal values are length-checked even when no row matches, so those 400s
     * win over the 404; the path CHECK only fires on an existing row.
     */
    WindmillResponse updateVariable(String path, ObjectNode body) {
        WindmillEmulator.Variable current = variables.get(path);
        Optional<String> newPath = WindmillJsonBody.string(body, "path");
        Optional<String> value = WindmillJsonBody.string(body, "value");
        Optional<Boolean> secret = WindmillJsonBody.bool(body, "is_secret");
        Optional<String> description = WindmillJsonBody.string(body, "description");
        boolean storedSecret = current != null && current.isSecret();
        if (secret.isPresent() && secret.get() != storedSecret && value.isEmpty()) {
            throw WindmillHttpError.badRequest("cannot change is_secret without updating value too");
        }
        if (newPath.isPresent() && !newPath.get().equals(path) && variables.containsKey(newPath.get())) {
            throw WindmillHttpError.badRequest("Variable " + newPath.get() + " already exists");
        }
        newPath.ifPresent(p -> requireFits(chars(p), PATH_COLUMN_CHARS));
        value.ifPresent(v -> requireFits(storedValueChars(v, secret.orElse(storedSecret)), VALUE_COLUMN_CHARS));
        description.ifPresent(d -> requireFits(chars(d), DESCRIPTION_COLUMN_CHARS));
        if (current == null) {
            throw WindmillHttpError.notFound("Variable not found at name " + path);
        }
        String target = newPath.orElse(path);
        requireProperId(target);

        variables.remove(path);
        variables.put(target, new WindmillEmulator.Variable(target, value.orElse(current.value()),
                secret.orElse(current.isSecret()), description.orElse(current.description())));
        return WindmillResponse.text(200, "variable " + path + " updated (npath: " + rustDebug(target) + ")");
    }

    /** ListableVariable; a secret's value is null unless decrypted, or stand-in ciphertext if asked for. */
    ObjectNode variableJson(WindmillEmulator.Variable variable, boolean decrypt, boolean includeEncrypted) {
        ObjectNode json = WindmillResponse.MAPPER.createObjectNode();
        json.put("workspace_id", id);
        json.put("path", variable.path());
        if (!variable.isSecret() || decrypt) {
            json.put("value", variable.value());
        } else if (includeEncrypted) {
            json.put("value", standInCiphertext(variable.value()));
        } else {
            json.putNull("value");
        }
        json.put("is_secret", variable.isSecret());
        json.put("description", variable.description());
        json.putObject("extra_perms");
        json.putNull("account");
        json.put("is_oauth", false);
        json.put("is_expired", false);
        json.put("is_refreshed", false);
        json.put("is_linked", false);
        return json;
    }

    /**
     * Characters the {@code value} column holds: a plain value as is; a secret as base64 of AES-256-CBC
     * ciphertext with PKCS#7 padding, which is why a secret's plaintext tops out at 11,247 UTF-8 bytes.
     */
    static int storedValueChars(String value, boolean secret) {
        if (!secret) {
            return chars(value);
        }
        int plainBytes = value.getBytes(StandardCharsets.UTF_8).length;
        int cipherBytes = (plainBytes / AES_BLOCK_BYTES + 1) * AES_BLOCK_BYTES;
        return 4 * ((cipherBytes + 2) / 3);
    }

    private static String standInCiphertext(String plaintext) {
        int plainBytes = plaintext.getBytes(StandardCharsets.UTF_8).length;
        byte[] noise = new byte[(plainBytes / AES_BLOCK_BYTES + 1) * AES_BLOCK_BYTES];
        ThreadLocalRandom.current().nextBytes(noise);
        return Base64.getEncoder().encodeToString(noise);
    }

    private static void requireFits(int chars, int columnChars) {
        if (chars > columnChars) {
            throw WindmillHttpError.database(tooLong(columnChars));
        }
    }

    private static void requireProperId(String path) {
        if (!ITEM_PATH.matcher(path).matches()) {
            throw WindmillHttpError.database(
                    "new row for relation \"variable\" violates check constraint \"proper_id\"");
        }
    }

    private static String tooLong(int columnChars) {
        return "value too long for type character varying(" + columnChars + ")";
    }

    /** PostgreSQL's VARCHAR(n) counts characters (code points), not UTF-16 units or bytes. */
    private static int chars(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Rust's {@code {:?}} of a String, which the server uses for the new path in its update answer. */
    private static String rustDebug(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
