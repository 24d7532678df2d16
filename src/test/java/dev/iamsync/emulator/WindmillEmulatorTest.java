package dev.iamsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WindmillEmulatorTest {

    private static final String TOKEN = "tok-primary";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private WindmillEmulator windmill;

    @BeforeEach
    void startEmulator() {
        windmill = WindmillEmulator.start(TOKEN).addWorkspace("ops").addWorkspace("dev");
    }

    @AfterEach
    void stopEmulator() {
        windmill.close();
    }

    @Test
    void baseUrl_isLoopbackWithoutApiSuffix() {
        assertThat(windmill.baseUrl().getScheme()).isEqualTo("http");
        assertThat(windmill.baseUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(windmill.baseUrl().getPort()).isPositive();
        assertThat(windmill.baseUrl().getPath()).isEmpty();
    }

    @Test
    void version_withoutToken_answersEditionAndVersion() throws Exception {
        HttpResponse<String> response = send(request("/api/version").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("CE v1.743.0");
    }

    @Test
    void whoami_withToken_answersSuperadminGlobalUserInfo() throws Exception {
        HttpResponse<String> response = get("/api/users/whoami");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("""
                {"email":"admin@windmill.dev","login_type":"password","super_admin":true,"devops":false,
                 "verified":true,"name":"Admin"}"""));
    }

    @Test
    void whoami_withoutToken_answers401Unauthorized() throws Exception {
        HttpResponse<String> response = send(request("/api/users/whoami").GET());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("Unauthorized");
    }

    @Test
    void whoami_withWrongToken_answers401NotAuthorized() throws Exception {
        HttpResponse<String> response = send(request("/api/users/whoami").header("Authorization", "Bearer nope").GET());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain");
        assertThat(response.body()).isEqualTo("Not authorized: Unauthorized");
    }

    @Test
    void whoami_withLowerCaseBearerPrefix_isTreatedAsNoToken() throws Exception {
        HttpResponse<String> response =
                send(request("/api/users/whoami").header("Authorization", "bearer " + TOKEN).GET());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("Unauthorized");
    }

    @Test
    void whoami_withTokenInQueryOrCookie_isAcceptedAsTheServerDoes() throws Exception {
        HttpResponse<String> query = send(request("/api/users/whoami?token=" + TOKEN).GET());
        HttpResponse<String> cookie = send(request("/api/users/whoami").header("Cookie", "token=" + TOKEN).GET());

        assertThat(query.statusCode()).isEqualTo(200);
        assertThat(cookie.statusCode()).isEqualTo(200);
    }

    @Test
    void workspaceRoute_withWrongToken_answers401() throws Exception {
        HttpResponse<String> response = send(
                request("/api/w/ops/variables/exists/f/aws/iam").header("Authorization", "Bearer nope").GET());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("Not authorized: Unauthorized");
    }

    @Test
    void setToken_afterRotation_rejectsOldTokenAndAcceptsNewOne() throws Exception {
        windmill.setToken("tok-rotated");

        HttpResponse<String> old = get("/api/users/whoami");
        HttpResponse<String> rotated =
                send(request("/api/users/whoami").header("Authorization", "Bearer tok-rotated").GET());

        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(old.body()).isEqualTo("Not authorized: Unauthorized");
        assertThat(rotated.statusCode()).isEqualTo(200);
    }

    @Test
    void createVariable_withoutJsonContentType_answers415() throws Exception {
        HttpResponse<String> response = send(authed("/api/w/ops/variables/create")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(variableJson("f/aws/iam", "v", true))));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(windmill.variable("ops", "f/aws/iam")).isEmpty();
    }

    @Test
    void createVariable_withJsonContentTypeAndCharset_isAccepted() throws Exception {
        HttpResponse<String> response = send(authed("/api/w/ops/variables/create")
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(variableJson("f/aws/iam", "v", true))));

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void createVariable_withInvalidJson_answers400() throws Exception {
        HttpResponse<String> response = post("/api/w/ops/variables/create", "{\"path\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("Failed to parse the request body as JSON: ");
    }

    @Test
    void createVariable_withEmptyBody_answers400() throws Exception {
        HttpResponse<String> response = post("/api/w/ops/variables/create", "");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(
                "Failed to parse the request body as JSON: EOF while parsing a value at line 1 column 0");
    }

    @Test
    void createVariable_withoutDescription_answers422NamingTheField() throws Exception {
        String body = "{\"path\":\"f/aws/iam\",\"value\":\"v\",\"is_secret\":true}";

        HttpResponse<String> response = post("/api/w/ops/variables/create", body);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).isEqualTo("Failed to deserialize the JSON body into the target type: "
                + "missing field `description` at line 1 column " + body.length());
        assertThat(windmill.variable("ops", "f/aws/iam")).isEmpty();
    }

    @Test
    void createVariable_withWrongFieldType_answers422() throws Exception {
        HttpResponse<String> response = post("/api/w/ops/variables/create",
                "{\"path\":\"f/aws/iam\",\"value\":\"v\",\"is_secret\":\"yes\",\"description\":\"\"}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("is_secret: invalid type: string \"yes\", expected a boolean");
    }

    @Test
    void createVariable_withEmptyDescription_isAccepted() throws Exception {
        HttpResponse<String> response = post("/api/w/ops/variables/create", variableJson("f/aws/iam", "v", false));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(windmill.variable("ops", "f/aws/iam"))
                .hasValue(new WindmillEmulator.Variable("f/aws/iam", "v", false, ""));
    }

    @Test
    void variable_createExistsGetUpdate_roundTripsOverTheWire() throws Exception {
        assertThat(get("/api/w/ops/variables/exists/f/aws/iam").body()).isEqualTo("false");

        HttpResponse<String> created = post("/api/w/ops/variables/create", """
                {"path":"f/aws/iam","value":"first","is_secret":true,"description":"IAM keys"}""");
        HttpResponse<String> exists = get("/api/w/ops/variables/exists/f/aws/iam");
        HttpResponse<String> updated = post("/api/w/ops/variables/update/f/aws/iam", "{\"value\":\"second\"}");
        HttpResponse<String> fetched = get("/api/w/ops/variables/get/f/aws/iam");
        HttpResponse<String> value = get("/api/w/ops/variables/get_value/f/aws/iam");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("content-type")).hasValueSatisfying(t -> t.startsWith("text/plain"));
        assertThat(created.body()).isEqualTo("variable f/aws/iam created");
        assertThat(exists.body()).isEqualTo("true");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.body()).isEqualTo("variable f/aws/iam updated (npath: \"f/aws/iam\")");
        assertThat(JSON.readTree(fetched.body())).isEqualTo(JSON.readTree("""
                {"workspace_id":"ops","path":"f/aws/iam","value":"second","is_secret":true,
                 "description":"IAM keys","extra_perms":{},"account":null,"is_oauth":false,
                 "is_expired":false,"is_refreshed":false,"is_linked":false}"""));
        assertThat(value.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(value.body()).isEqualTo("\"second\"");
    }

    @Test
    void variableRoutes_withRealSlashesInPath_areRecordedRaw() throws Exception {
        get("/api/w/ops/variables/exists/f/aws/deep/iam");

        WindmillEmulator.Request sent = windmill.requests().get(0);

        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/api/w/ops/variables/exists/f/aws/deep/iam");
        assertThat(sent.query()).isEmpty();
        assertThat(sent.headers()).containsEntry("authorization", "Bearer " + TOKEN);
        assertThat(sent.body()).isEmpty();
    }

    @Test
    void getVariable_secretWithDecryptFalse_answersNullValue() throws Exception {
        windmill.putVariable("ops", "f/aws/iam", "s3cr3t", true, "");

        JsonNode masked = JSON.readTree(get("/api/w/ops/variables/get/f/aws/iam?decrypt_secret=false").body());
        JsonNode decrypted = JSON.readTree(get("/api/w/ops/variables/get/f/aws/iam").body());

        assertThat(masked.get("value").isNull()).isTrue();
        assertThat(masked.get("is_secret").booleanValue()).isTrue();
        assertThat(decrypted.get("value").textValue()).isEqualTo("s3cr3t");
    }

    @Test
    void getVariable_plainWithDecryptFalse_stillAnswersValue() throws Exception {
        windmill.putVariable("ops", "f/aws/region", "eu-west-1", false, "");

        JsonNode json = JSON.readTree(get("/api/w/ops/variables/get/f/aws/region?decrypt_secret=false").body());

        assertThat(json.get("value").textValue()).isEqualTo("eu-west-1");
    }

    @Test
    void getVariable_secretWithIncludeEncrypted_answersCiphertextNotPlaintext() throws Exception {
        windmill.putVariable("ops", "f/aws/iam", "s3cr3t", true, "");

        JsonNode json = JSON.readTree(
                get("/api/w/ops/variables/get/f/aws/iam?decrypt_secret=false&include_encrypted=true").body());

        assertThat(json.get("value").textValue()).isNotEqualTo("s3cr3t").hasSize(24);
    }

    @Test
    void getVariable_withInvalidBooleanQuery_answers400() throws Exception {
        windmill.putVariable("ops", "f/aws/iam", "s3cr3t", true, "");

        HttpResponse<String> response = get("/api/w/ops/variables/get/f/aws/iam?decrypt_secret=no");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("provided string was not `true` or `false`");
    }

    @Test
    void getVariableAndValue_whenMissing_answer404() throws Exception {
        HttpResponse<String> get = get("/api/w/ops/variables/get/f/aws/iam");
        HttpResponse<String> value = get("/api/w/ops/variables/get_value/f/aws/iam");

        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(get.body()).isEqualTo("Not found: Variable f/aws/iam not found");
        assertThat(value.statusCode()).isEqualTo(404);
        assertThat(value.body()).isEqualTo("Not found: Variable f/aws/iam not found");
    }

    @Test
    void createVariable_onExistingPath_answers400AlreadyExists() throws Exception {
        windmill.putVariable("ops", "f/aws/iam", "old", true, "");

        HttpResponse<String> response = post("/api/w/ops/variables/create", variableJson("f/aws/iam", "new", true));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Bad request: Variable f/aws/iam already exists");
        assertThat(windmill.variable("ops", "f/aws/iam").orElseThrow().value()).isEqualTo("old");
    }

    @Test
    void createVariable_withInvalidPath_answers400FromTheCheckConstraint() throws Exception {
        for (String path : List.of("f/aws", "f/aws/key.id", "x/aws/iam", "f/aws/with space")) {
            HttpResponse<String> response = post("/api/w/ops/variables/create", variableJson(path, "v", true));

            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.body()).as(path).isEqualTo("Sql error: error returned from database: "
                    + "new row for relation \"variable\" violates check constraint \"proper_id\"");
        }
    }

    @Test
    void createVariable_withPathOver255Chars_answers400() throws Exception {
        String path = "f/aws/" + "k".repeat(250);

        HttpResponse<String> response = post("/api/w/ops/variables/create", variableJson(path, "v", true));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).endsWith("value too long for type character varying(255)");
    }

    @Test
    void createVariable_secretAtSizeLimit_isStoredAndOneByteMoreIsRejected() throws Exception {
        String atLimit = "a".repeat(11_247);
        String overLimit = "a".repeat(11_248);

        HttpResponse<String> fits = post("/api/w/ops/variables/create", variableJson("f/aws/fits", atLimit, true));
        HttpResponse<String> tooLong = post("/api/w/ops/variables/create", variableJson("f/aws/big", overLimit, true));

        assertThat(fits.statusCode()).isEqualTo(201);
        assertThat(get("/api/w/ops/variables/get_value/f/aws/fits").body()).isEqualTo("\"" + atLimit + "\"");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).isEqualTo(
                "Sql error: error returned from database: value too long for type character varying(15000)");
        assertThat(windmill.variable("ops", "f/aws/big")).isEmpty();
    }

    @Test
    void createVariable_secretLimit_countsUtf8BytesNotChars() throws Exception {
        String atLimit = "é".repeat(5_623) + "a";
        String overLimit = "é".repeat(5_624);

        HttpResponse<String> fits = post("/api/w/ops/variables/create", variableJson("f/aws/fits", atLimit, true));
        HttpResponse<String> tooLong = post("/api/w/ops/variables/create", variableJson("f/aws/big", overLimit, true));

        assertThat(fits.statusCode()).isEqualTo(201);
        assertThat(tooLong.statusCode()).isEqualTo(400);
    }

    @Test
    void createVariable_plainValue_allows15000CharsAndRejects15001() throws Exception {
        HttpResponse<String> fits =
                post("/api/w/ops/variables/create", variableJson("f/aws/fits", "a".repeat(15_000), false));
        HttpResponse<String> tooLong =
                post("/api/w/ops/variables/create", variableJson("f/aws/big", "a".repeat(15_001), false));

        assertThat(fits.statusCode()).isEqualTo(201);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).endsWith("value too long for type character varying(15000)");
    }

    @Test
    void updateVariable_whenMissing_answers404() throws Exception {
        HttpResponse<String> response = post("/api/w/ops/variables/update/f/aws/iam", "{\"value\":\"v\"}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("Not found: Variable not found at name f/aws/iam");
    }

    @Test
    void updateVariable_withEmptyBody_onlyChecksExistence() throws Exception {
        windmill.putVariable("ops", "f/aws/iam", "v", true, "d");

        HttpResponse<String> present = post("/api/w/ops/variables/update/f/aws/iam", "{}");
        HttpResponse<String> missing = post("/api/w/ops/variables/update/f/aws/other", "{}");

        assertThat(present.statusCode()).isEqualTo(200);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(windmill.variable("ops", "f/aws/iam"))
                .hasValue(new WindmillEmulator.Variable("f/aws/iam", "v", true, "d"));
    }

    @Test
    void updateVariable_changesOnlyTheFieldsSent() throws Exception {
        windmill.putVariable("ops", "f/aws/iam", "old", true, "keep me");

        post("/api/w/ops/variables/update/f/aws/iam", "{\"value\":\"new\"}");

        assertThat(windmill.variable("ops", "f/aws/iam"))
                .hasValue(new WindmillEmulator.Variable("f/aws/iam", "new", true, "keep me"));
    }

    @Test
    void updateVariable_flippingSecretWithoutValue_answers400() throws Exception {
        windmill.putVariable("ops", "f/aws/iam", "v", true, "");

        HttpResponse<String> response = post("/api/w/ops/variables/update/f/aws/iam", "{\"is_secret\":false}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Bad request: cannot change is_secret without updating value too");
        assertThat(windmill.variable("ops", "f/aws/iam").orElseThrow().isSecret()).isTrue();
    }

    @Test
    void updateVariable_flippingSecretWithValue_isAccepted() throws Exception {
        windmill.putVariable("ops", "f/aws/iam", "v", true, "");

        HttpResponse<String> response =
                post("/api/w/ops/variables/update/f/aws/iam", "{\"is_secret\":false,\"value\":\"w\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(windmill.variable("ops", "f/aws/iam"))
                .hasValue(new WindmillEmulator.Variable("f/aws/iam", "w", false, ""));
    }

    @Test
    void updateVariable_withoutIsSecret_appliesTheStoredSecretSizeLimit() throws Exception {
        windmill.putVariable("ops", "f/aws/iam", "v", true, "");
        windmill.putVariable("ops", "f/aws/region", "v", false, "");
        String body = "{\"value\":\"" + "a".repeat(11_248) + "\"}";

        HttpResponse<String> secret = post("/api/w/ops/variables/update/f/aws/iam", body);
        HttpResponse<String> plain = post("/api/w/ops/variables/update/f/aws/region", body);

        assertThat(secret.statusCode()).isEqualTo(400);
        assertThat(secret.body()).endsWith("value too long for type character varying(15000)");
        assertThat(plain.statusCode()).isEqualTo(200);
    }

    @Test
    void updateVariable_withNewPath_renamesTheVariable() throws Exception {
        windmill.putVariable("ops", "f/aws/iam", "v", true, "");

        HttpResponse<String> response = post("/api/w/ops/variables/update/f/aws/iam", "{\"path\":\"f/aws/iam2\"}");

        assertThat(response.body()).isEqualTo("variable f/aws/iam updated (npath: \"f/aws/iam2\")");
        assertThat(windmill.variable("ops", "f/aws/iam")).isEmpty();
        assertThat(windmill.variable("ops", "f/aws/iam2")).isPresent();
    }

    @Test
    void folder_createExistsGet_roundTripsWithCallerAddedAsOwner() throws Exception {
        assertThat(get("/api/w/ops/folders/exists/aws").body()).isEqualTo("false");

        HttpResponse<String> created = post("/api/w/ops/folders/create",
                "{\"name\":\"aws\",\"summary\":\"AWS creds\",\"extra_perms\":{\"g/all\":false}}");
        HttpResponse<String> exists = get("/api/w/ops/folders/exists/aws");
        HttpResponse<String> fetched = get("/api/w/ops/folders/get/aws");

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).isEqualTo("Created folder aws");
        assertThat(exists.body()).isEqualTo("true");
        assertThat(JSON.readTree(fetched.body())).isEqualTo(JSON.readTree("""
                {"workspace_id":"ops","name":"aws","display_name":"aws","owners":["u/admin"],
                 "extra_perms":{"g/all":false,"u/admin":true},"summary":"AWS creds"}"""));
        assertThat(windmill.folder("ops", "aws")).hasValue(new WindmillEmulator.Folder(
                "aws", List.of("u/admin"), Map.of("g/all", false, "u/admin", true), "AWS creds"));
    }

    @Test
    void createFolder_withOwners_appendsCallerAndGivesEveryOwnerWrite() throws Exception {
        String body = "{\"name\":\"aws\",\"owners\":[\"g/ops\"],\"extra_perms\":{\"g/ops\":false}}";

        post("/api/w/ops/folders/create", body);

        WindmillEmulator.Folder folder = windmill.folder("ops", "aws").orElseThrow();

        assertThat(folder.owners()).containsExactly("g/ops", "u/admin");
        assertThat(folder.extraPerms()).containsExactlyInAnyOrderEntriesOf(Map.of("g/ops", true, "u/admin", true));
        assertThat(folder.summary()).isNull();
    }

    @Test
    void createFolder_whenExisting_answers400() throws Exception {
        windmill.addFolder("ops", "aws", Map.of("g/all", false));

        HttpResponse<String> response = post("/api/w/ops/folders/create", "{\"name\":\"aws\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Bad request: Folder aws already exists");
        assertThat(windmill.folder("ops", "aws").orElseThrow().owners()).isEmpty();
    }

    @Test
    void createFolder_withInvalidName_answers400() throws Exception {
        for (String name : List.of("aws-creds", "aws.creds", "", "a/b")) {
            HttpResponse<String> response = post("/api/w/ops/folders/create", "{\"name\":\"" + name + "\"}");

            assertThat(response.statusCode()).as(name).isEqualTo(400);
            assertThat(response.body()).as(name)
                    .isEqualTo("Bad request: Folder name can only contain alphanumeric characters, underscores");
        }
    }

    @Test
    void createFolder_withHyphenAllowed_acceptsHyphen() throws Exception {
        windmill.hyphenInFolderNames(true);

        HttpResponse<String> response = post("/api/w/ops/folders/create", "{\"name\":\"aws-creds\"}");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void createFolder_withNameOver100Chars_answers500() throws Exception {
        HttpResponse<String> ok = post("/api/w/ops/folders/create", "{\"name\":\"" + "a".repeat(100) + "\"}");
        HttpResponse<String> tooLong = post("/api/w/ops/folders/create", "{\"name\":\"" + "b".repeat(101) + "\"}");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(tooLong.statusCode()).isEqualTo(500);
        assertThat(tooLong.body()).startsWith("Internal: Failed to create folder: ");
    }

    @Test
    void createFolder_withNonObjectExtraPerms_answers400() throws Exception {
        HttpResponse<String> response = post("/api/w/ops/folders/create", "{\"name\":\"aws\",\"extra_perms\":[]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Bad request: extra_perms must be an object");
    }

    @Test
    void createFolder_withoutName_answers422() throws Exception {
        HttpResponse<String> response = post("/api/w/ops/folders/create", "{\"summary\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("missing field `name`");
    }

    @Test
    void getFolder_whenMissing_answers404() throws Exception {
        HttpResponse<String> response = get("/api/w/ops/folders/get/aws");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("Not found: Folder not found at name aws");
    }

    @Test
    void workspaceRoute_forUnknownWorkspace_answers404() throws Exception {
        HttpResponse<String> response = get("/api/w/nope/variables/exists/f/aws/iam");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("Not found: workspace nope not found");
    }

    @Test
    void archivedWorkspace_answers404ForWritesButServesReads() throws Exception {
        windmill.addArchivedWorkspace("old");

        HttpResponse<String> write = post("/api/w/old/variables/create", variableJson("f/aws/iam", "v", true));
        HttpResponse<String> read = get("/api/w/old/variables/exists/f/aws/iam");

        assertThat(write.statusCode()).isEqualTo(404);
        assertThat(write.body()).isEqualTo("Not found: workspace old not found");
        assertThat(read.statusCode()).isEqualTo(200);
    }

    @Test
    void unknownRoute_answers404AndWrongMethod_answers405() throws Exception {
        HttpResponse<String> unknown = get("/api/w/ops/variables/nothing");
        HttpResponse<String> wrongMethod = get("/api/w/ops/variables/create");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEmpty();
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
    }

    @Test
    void listAsSuperadmin_includesArchivedWorkspacesInAnOrderNotSortedById() throws Exception {
        windmill.addWorkspace("alpha").addWorkspace("beta").addArchivedWorkspace("gamma");

        JsonNode listed = JSON.readTree(get("/api/workspaces/list_as_superadmin").body());

        List<String> ids = ids(listed);
        assertThat(ids).containsExactlyInAnyOrder("ops", "dev", "alpha", "beta", "gamma");
        assertThat(ids).isNotEqualTo(ids.stream().sorted().toList());
        JsonNode gamma = find(listed, "gamma");
        assertThat(gamma.get("deleted").booleanValue()).isTrue();
        assertThat(find(listed, "ops").get("deleted").booleanValue()).isFalse();
        assertThat(gamma.fieldNames()).toIterable().containsExactly(
                "id", "name", "owner", "deleted", "premium", "color", "parent_workspace_id");
    }

    @Test
    void listAsSuperadmin_isStableAcrossCalls() throws Exception {
        windmill.addWorkspace("alpha").addWorkspace("beta");

        List<String> first = ids(JSON.readTree(get("/api/workspaces/list_as_superadmin").body()));
        List<String> second = ids(JSON.readTree(get("/api/workspaces/list_as_superadmin").body()));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void listAsSuperadmin_withPageCap_capsPerPageAndPagesToAnEmptyPage() throws Exception {
        windmill.addWorkspace("alpha").addWorkspace("beta").addWorkspace("gamma");
        windmill.listPageCap(2);

        List<String> page1 = ids(JSON.readTree(get("/api/workspaces/list_as_superadmin?page=1&per_page=10000").body()));
        List<String> page2 = ids(JSON.readTree(get("/api/workspaces/list_as_superadmin?page=2&per_page=10000").body()));
        List<String> page3 = ids(JSON.readTree(get("/api/workspaces/list_as_superadmin?page=3&per_page=10000").body()));
        HttpResponse<String> past = get("/api/workspaces/list_as_superadmin?page=4&per_page=10000");

        assertThat(page1).hasSize(2);
        assertThat(page2).hasSize(2);
        assertThat(page3).hasSize(1);
        assertThat(past.body()).isEqualTo("[]");
        List<String> all = new ArrayList<>(page1);
        all.addAll(page2);
        all.addAll(page3);
        assertThat(all).containsExactlyInAnyOrder("ops", "dev", "alpha", "beta", "gamma");
    }

    @Test
    void listAsSuperadmin_withDuplicatesAcrossPages_repeatsPreviousLastItemFirst() throws Exception {
        windmill.addWorkspace("alpha").addWorkspace("beta").addWorkspace("gamma");
        windmill.duplicateAcrossPages(true);

        List<List<String>> pages = new ArrayList<>();
        for (int page = 1; page <= 10; page++) {
            List<String> ids = ids(JSON.readTree(
                    get("/api/workspaces/list_as_superadmin?per_page=2&page=" + page).body()));
            pages.add(ids);
            if (ids.size() < 2) {
                break;
            }
        }

        assertThat(pages.get(1).get(0)).isEqualTo(pages.get(0).get(1));
        Set<String> distinct = new LinkedHashSet<>();
        pages.forEach(distinct::addAll);
        assertThat(distinct).containsExactlyInAnyOrder("ops", "dev", "alpha", "beta", "gamma");
        assertThat(pages.stream().mapToInt(List::size).sum()).isGreaterThan(5);
    }

    @Test
    void listAsSuperadmin_withNonNumericPage_answers400() throws Exception {
        HttpResponse<String> response = get("/api/workspaces/list_as_superadmin?page=abc");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Failed to deserialize query string: invalid digit found in string");
    }

    @Test
    void failWorkspace_answersStatusEchoingTheBody_andLeavesOtherWorkspacesAlone() throws Exception {
        windmill.failWorkspace("ops", 500);

        String body = variableJson("f/aws/iam", "AKIAECHOME", true);

        HttpResponse<String> failed = post("/api/w/ops/variables/create", body);
        HttpResponse<String> other = post("/api/w/dev/variables/create", variableJson("f/aws/iam", "v", true));

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.headers().firstValue("content-type")).hasValue("text/plain");
        assertThat(failed.body()).startsWith("Internal: failed to store {").contains("AKIAECHOME");
        assertThat(other.statusCode()).isEqualTo(201);
        assertThat(windmill.variable("ops", "f/aws/iam")).isEmpty();
    }

    @Test
    void failWorkspace_echoesAtMost200CharsOfTheBody() throws Exception {
        windmill.failWorkspace("ops", 503);
        String body = variableJson("f/aws/iam", "x".repeat(500), true);

        HttpResponse<String> failed = post("/api/w/ops/variables/create", body);

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.body()).isEqualTo("Internal: failed to store " + body.substring(0, 200));
    }

    @Test
    void clearWorkspaceFailure_restoresNormalAnswers() throws Exception {
        windmill.failWorkspace("ops", 500);
        windmill.clearWorkspaceFailure("ops");

        HttpResponse<String> response = post("/api/w/ops/variables/create", variableJson("f/aws/iam", "v", true));

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void failWorkspace_withTimes_failsOnlyThatManyRequests() throws Exception {
        windmill.failWorkspace("ops", 429, 2);

        int first = get("/api/w/ops/variables/exists/f/aws/iam").statusCode();
        int second = get("/api/w/ops/variables/exists/f/aws/iam").statusCode();
        int third = get("/api/w/ops/variables/exists/f/aws/iam").statusCode();

        assertThat(List.of(first, second, third)).containsExactly(429, 429, 200);
    }

    @Test
    void failListWorkspaces_answersStatusUntilCleared() throws Exception {
        windmill.failListWorkspaces(502);

        HttpResponse<String> failed = get("/api/workspaces/list_as_superadmin?per_page=10000");
        windmill.clearListWorkspacesFailure();
        HttpResponse<String> recovered = get("/api/workspaces/list_as_superadmin?per_page=10000");

        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(failed.body()).startsWith("Internal: failed to list workspaces ");
        assertThat(recovered.statusCode()).isEqualTo(200);
    }

    @Test
    void failureInjection_rejectsStatusesThatAreNotErrors() {
        assertThatThrownBy(() -> windmill.failWorkspace("ops", 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> windmill.failListWorkspaces(302)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requests_recordMethodPathQueryLowerCaseHeadersAndBody() throws Exception {
        String body = variableJson("f/aws/iam", "v", true);

        post("/api/w/ops/variables/create", body);
        get("/api/w/ops/variables/get/f/aws/iam?decrypt_secret=false");

        List<WindmillEmulator.Request> sent = windmill.requests();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).method()).isEqualTo("POST");
        assertThat(sent.get(0).path()).isEqualTo("/api/w/ops/variables/create");
        assertThat(sent.get(0).headers())
                .containsEntry("content-type", "application/json")
                .containsEntry("authorization", "Bearer " + TOKEN);
        assertThat(sent.get(0).body()).isEqualTo(body);
        assertThat(sent.get(1).query()).isEqualTo("decrypt_secret=false");
        assertThat(sent.get(0).toString()).doesNotContain(TOKEN).doesNotContain("\"v\"");
    }

    @Test
    void modelAccessors_seedAndReadState() {
        windmill.putVariable("ops", "f/aws/iam", "s3cr3t", true, "d");
        windmill.addFolder("ops", "aws", Map.of("g/all", false));

        assertThat(windmill.variable("ops", "f/aws/iam"))
                .hasValue(new WindmillEmulator.Variable("f/aws/iam", "s3cr3t", true, "d"));
        assertThat(windmill.variable("ops", "f/aws/iam").orElseThrow().toString()).doesNotContain("s3cr3t");
        assertThat(windmill.folder("ops", "aws")).hasValue(
                new WindmillEmulator.Folder("aws", List.of(), Map.of("g/all", false), null));
        assertThat(windmill.variable("nope", "f/aws/iam")).isEmpty();
        assertThatThrownBy(() -> windmill.putVariable("nope", "f/a/b", "v", false, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> windmill.addWorkspace("ops")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parallelCreates_onOnePath_succeedExactlyOnce() throws Exception {
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String path = "f/aws/shared";
            calls.add(() -> post("/api/w/ops/variables/create", variableJson(path, "v", true)).statusCode());
            String own = "f/aws/own_" + i;
            calls.add(() -> post("/api/w/dev/variables/create", variableJson(own, "v", true)).statusCode());
        }

        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> result : pool.invokeAll(calls)) {
                statuses.add(result.get());
            }
        }

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(21);
        assertThat(statuses).filteredOn(s -> s == 400).hasSize(19);
        assertThat(windmill.requests()).hasSize(40);
    }

    @Test
    void delayResponses_holdsAnswersBack() throws Exception {
        windmill.delayResponses(Duration.ofMillis(300));

        HttpRequest slow = request("/api/version").timeout(Duration.ofMillis(100)).GET().build();

        assertThatThrownBy(() -> HTTP.send(slow, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    private static String variableJson(String path, String value, boolean secret) {
        return "{\"path\":\"" + path + "\",\"value\":\"" + value + "\",\"is_secret\":" + secret
                + ",\"description\":\"\"}";
    }

    private static List<String> ids(JsonNode workspaces) {
        List<String> ids = new ArrayList<>();
        workspaces.forEach(workspace -> ids.add(workspace.get("id").textValue()));
        return ids;
    }

    private static JsonNode find(JsonNode workspaces, String id) {
        for (JsonNode workspace : workspaces) {
            if (workspace.get("id").textValue().equals(id)) {
                return workspace;
            }
        }
        throw new AssertionError("no workspace " + id + " in listing");
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(windmill.baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(5));
    }

    private HttpRequest.Builder authed(String pathAndQuery) {
        return request(pathAndQuery).header("Authorization", "Bearer " + TOKEN);
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(authed(pathAndQuery).GET());
    }

    private HttpResponse<String> post(String pathAndQuery, String json) throws IOException, InterruptedException {
        return send(authed(pathAndQuery)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder builder)
            throws IOException, InterruptedException {
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
