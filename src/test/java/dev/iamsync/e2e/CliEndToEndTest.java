package dev.iamsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamsync.emulator.AwsEmulator;
import dev.iamsync.emulator.WindmillEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI in its own JVM against the AWS and Windmill emulators on 127.0.0.1, reached only through
 * {@code AWS_ENDPOINT_URL*} and {@code WM_BASE_URL}. After every test, everything the CLI printed is checked
 * for secrets.
 */
class CliEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "wm-e2e-superadmin-token-7f3a9c";
    private static final String CALLER_SECRET = "e2e-caller-secret-key-do-not-print";
    private static final String SECRET_NAME = "windmill/e2e-token";
    private static final String VARIABLE = "f/aws/iam";
    private static final String PREFIX = "/windmill-stage/";

    private AwsEmulator aws;
    private WindmillEmulator windmill;
    private final List<CliRun.Result> runs = new ArrayList<>();

    @BeforeEach
    void startEmulators() {
        aws = AwsEmulator.start();
        aws.putSecret(SECRET_NAME, "{\"token\": \"" + TOKEN + "\"}");
        windmill = WindmillEmulator.start(TOKEN);
    }

    @AfterEach
    void noSecretWasPrinted() {
        try {
            List<String> secrets = new ArrayList<>(aws.issuedSecrets());
            secrets.add(TOKEN);
            secrets.add(CALLER_SECRET);
            CliRun.assertNoSecrets(runs, secrets);
        } finally {
            aws.close();
            windmill.close();
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = CliRun.emulatorEnvironment(aws, windmill, PREFIX, CALLER_SECRET);
        env.put("WM_TOKEN_SECRET_ID", aws.secretArn(SECRET_NAME));
        return env;
    }

    private CliRun.Result cli(Map<String, String> env, String... args) {
        CliRun.Result result = CliRun.run(env, null, args);
        runs.add(result);
        return result;
    }

    private CliRun.Result sync() {
        return cli(environment(), "sync");
    }

    private static JsonNode report(CliRun.Result result) throws Exception {
        return JSON.readTree(result.stdout());
    }

    private JsonNode variable(String workspace) throws Exception {
        return JSON.readTree(windmill.variable(workspace, VARIABLE).orElseThrow().value());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.isTextual() ? node.asText() : node.path("workspace").asText()));
        return out;
    }

    @Test
    void sync_writesCredentialsScriptsCanRead_andLogsJsonLines() throws Exception {
        windmill.addWorkspace("infra").addWorkspace("data");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro").addRole("/windmill-stage/team=a/w=data/", "athena");
        aws.addRole("/windmill-stage-evil/w=infra/", "sneaky");

        CliRun.Result result = sync();

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode report = report(result);
        assertThat(report.path("status").asText()).isEqualTo("ok");
        assertThat(report.path("roles").path("assumed").asInt()).isEqualTo(2);
        assertThat(texts(report.path("workspaces").path("written"))).containsExactly("data", "infra");
        JsonNode infra = variable("infra");
        assertThat(infra.fieldNames()).toIterable().containsExactly("ec2_ro");
        assertThat(infra.path("ec2_ro").path("Credentials").path("AccessKeyId").asText()).startsWith("ASIA");
        assertThat(infra.path("ec2_ro").path("Credentials").path("Expiration").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(aws.issuedSecrets()).contains(infra.path("ec2_ro").path("Credentials").path("SessionToken")
                .asText());
        assertThat(windmill.variable("infra", VARIABLE).orElseThrow().isSecret()).isTrue();
        assertThat(windmill.folder("infra", "aws").orElseThrow().extraPerms()).containsEntry("g/all", false);
        assertThat(aws.assumeCalls()).extracting(AwsEmulator.AssumeCall::roleArn)
                .doesNotContain(aws.roleArn("/windmill-stage-evil/w=infra/", "sneaky"));
        assertThat(result.stderr().lines()).isNotEmpty().allSatisfy(line -> assertThat(JSON.readTree(line)
                .has("level")).as(line).isTrue());
    }

    @Test
    void sync_followsEveryPageOfOverAThousandRoles() throws Exception {
        aws.listRolesPageCap(97);
        for (int w = 0; w < 202; w++) {
            windmill.addWorkspace("ws" + w);
            for (int r = 0; r < 5; r++) {
                aws.addRole("/windmill-stage/w=ws" + w + "/", "role_" + w + "_" + r);
            }
        }

        CliRun.Result result = sync();

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode report = report(result);
        assertThat(report.path("roles").path("found").asInt()).isEqualTo(1010);
        assertThat(report.path("roles").path("assumed").asInt()).isEqualTo(1010);
        assertThat(report.path("workspaces").path("written")).hasSize(202);
        assertThat(aws.listRolesCalls()).isGreaterThanOrEqualTo(11);
        assertThat(variable("ws201").fieldNames()).toIterable().hasSize(5);
    }

    @Test
    void sync_throttledThenSuccessful_isRetriedBySdk() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        aws.throttleAssume("ec2_ro", 2);
        aws.throttleListRoles(1);

        CliRun.Result result = sync();

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(aws.assumeCalls()).hasSize(3);
        assertThat(variable("infra").has("ec2_ro")).isTrue();
    }

    @Test
    void sync_oneRoleDenied_othersAreWrittenAndExitIsOne() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro").addRole("/windmill-stage/w=infra/", "locked");
        aws.denyAssume("locked");

        CliRun.Result result = sync();

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode failed = report(result).path("roles").path("failed");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).path("role").asText()).isEqualTo("locked");
        assertThat(failed.get(0).path("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(variable("infra").fieldNames()).toIterable().containsExactly("ec2_ro");
        assertThat(aws.assumeCalls().stream().filter(call -> call.roleArn().endsWith("/locked"))).hasSize(1);
    }

    @Test
    void sync_oneWorkspacesWindmillFailing_othersAreWrittenAndBodiesAreNotLogged() throws Exception {
        windmill.addWorkspace("infra").addWorkspace("data");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro").addRole("/windmill-stage/w=data/", "athena");
        windmill.failWorkspace("infra", 500);

        CliRun.Result result = sync();

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode workspaces = report(result).path("workspaces");
        assertThat(texts(workspaces.path("failed"))).containsExactly("infra");
        assertThat(workspaces.path("failed").get(0).path("reason").asText()).contains("HTTP 500", "/api/w/infra/");
        assertThat(texts(workspaces.path("written"))).containsExactly("data");
        assertThat(result.output()).doesNotContain("failed to store");
    }

    @Test
    void sync_variableWrittenByAPerson_isUntouched() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        windmill.putVariable("infra", VARIABLE, "my own notes", true, "hand-made");

        CliRun.Result result = sync();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(report(result).path("workspaces").path("failed").get(0).path("reason").asText())
                .contains("not written by windmill-iam-sync");
        assertThat(windmill.variable("infra", VARIABLE).orElseThrow().value()).isEqualTo("my own notes");
        assertThat(windmill.requests()).noneMatch(request -> request.path().contains("/variables/update/")
                || request.path().endsWith("/variables/create"));
    }

    @Test
    void sync_originalHelpersPlainVariable_isAdoptedAndMadeSecret() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        windmill.putVariable("infra", VARIABLE, "{\"ec2_ro\": {\"Credentials\": {\"AccessKeyId\": \"ASIAOLD\","
                + " \"SecretAccessKey\": \"x\", \"SessionToken\": \"y\","
                + " \"Expiration\": \"2023-01-09 17:53:49+00:00\"},"
                + " \"ResponseMetadata\": {\"RequestId\": \"r\"}}}", false, "");

        CliRun.Result result = sync();

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(windmill.variable("infra", VARIABLE).orElseThrow().isSecret()).isTrue();
        assertThat(variable("infra").path("ec2_ro").path("Credentials").path("AccessKeyId").asText())
                .isNotEqualTo("ASIAOLD");
    }

    @Test
    void sync_removedRoleAndEmptiedWorkspace_areReflected() throws Exception {
        windmill.addWorkspace("infra").addWorkspace("data");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro").addRole("/windmill-stage/w=infra/", "s3_rw");
        aws.addRole("/windmill-stage/w=data/", "athena");
        assertThat(sync().exitCode()).isZero();
        aws.removeRole("s3_rw");
        aws.removeRole("athena");

        CliRun.Result result = sync();

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(variable("infra").fieldNames()).toIterable().containsExactly("ec2_ro");
        assertThat(texts(report(result).path("workspaces").path("emptied"))).containsExactly("data");
        assertThat(windmill.variable("data", VARIABLE).orElseThrow().value()).isEqualTo("{}");
    }

    @Test
    void sync_oversizeWorkspace_isNotSentAndOthersAreWritten() throws Exception {
        windmill.addWorkspace("big").addWorkspace("small");
        for (int i = 0; i < 12; i++) {
            aws.addRole("/windmill-stage/w=big/", "role_" + i);
        }
        aws.addRole("/windmill-stage/w=small/", "one");

        CliRun.Result result = sync();

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode failed = report(result).path("workspaces").path("failed");
        assertThat(texts(failed)).containsExactly("big");
        assertThat(failed.get(0).path("reason").asText()).contains("12 roles", "11247 bytes");
        assertThat(windmill.variable("big", VARIABLE)).isEmpty();
        assertThat(windmill.requests()).noneMatch(request -> request.path().startsWith("/api/w/big/variables/create"));
        assertThat(variable("small").has("one")).isTrue();
    }

    @Test
    void invoke_createRoleEvent_retriesTheNewRoleUntilIamHasPropagated(@TempDir Path dir) throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        aws.denyAssumeTimes("ec2_ro", 2);
        Path event = dir.resolve("create-role.json");
        Files.writeString(event, """
                {"version": "0", "detail-type": "AWS API Call via CloudTrail", "source": "aws.iam",
                 "detail": {"eventSource": "iam.amazonaws.com", "eventName": "CreateRole",
                   "requestParameters": {"roleName": "ec2_ro", "path": "/windmill-stage/w=infra/"},
                   "responseElements": {"role": {"roleName": "ec2_ro", "path": "/windmill-stage/w=infra/",
                     "arn": "arn:aws:iam::111122223333:role/windmill-stage/w=infra/ec2_ro"}}}}""");

        CliRun.Result result = cli(environment(), "invoke", event.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(aws.assumeCalls()).hasSize(3);
        assertThat(variable("infra").has("ec2_ro")).isTrue();
        assertThat(report(result).path("trigger").asText()).isEqualTo("CreateRole ec2_ro");
    }

    @Test
    void invoke_failedApiCallEvent_changesNothing(@TempDir Path dir) throws Exception {
        windmill.addWorkspace("infra");
        Path event = dir.resolve("failed.json");
        Files.writeString(event, """
                {"detail-type": "AWS API Call via CloudTrail", "source": "aws.iam",
                 "detail": {"eventName": "CreateRole", "errorCode": "AccessDenied",
                   "requestParameters": {"roleName": "x"}, "responseElements": null}}""");

        CliRun.Result result = cli(environment(), "invoke", event.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(report(result).path("status").asText()).isEqualTo("ignored");
        assertThat(windmill.requests()).isEmpty();
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void sync_badToken_exitsTwoBeforeAssumingOrWriting() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        windmill.setToken("a-different-token");

        CliRun.Result result = sync();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(report(result).path("error").asText()).contains("refused the API token");
        assertThat(aws.assumeCalls()).isEmpty();
        assertThat(windmill.requests()).allMatch(request -> request.method().equals("GET"));
    }

    @Test
    void sync_plainHttpWithoutOptIn_exitsTwoAndSendsNothing() throws Exception {
        windmill.addWorkspace("infra");
        Map<String, String> env = environment();
        env.remove("WM_ALLOW_INSECURE_HTTP");

        CliRun.Result result = cli(env, "sync");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("WM_BASE_URL is plain http", "WM_ALLOW_INSECURE_HTTP=true");
        assertThat(windmill.requests()).isEmpty();
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void sync_missingConfiguration_exitsTwoNamingEveryVariable() {
        Map<String, String> env = environment();
        env.remove("WM_IAM_PATH_PREFIX");
        env.put("WM_SESSION_DURATION_SECONDS", "99999");

        CliRun.Result result = cli(env, "sync");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("WM_IAM_PATH_PREFIX is not set",
                "WM_SESSION_DURATION_SECONDS must be a whole number from 900 to 43200, got '99999'");
    }

    @Test
    void sync_literalTokenAndPerServiceEndpoints_work() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        Map<String, String> env = environment();
        env.remove("WM_TOKEN_SECRET_ID");
        env.put("WM_TOKEN", TOKEN);
        env.remove("AWS_ENDPOINT_URL");
        env.put("AWS_ENDPOINT_URL_IAM", aws.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_STS", aws.endpoint().toString());

        CliRun.Result result = cli(env, "sync");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(aws.requests()).extracting(AwsEmulator.Request::service).doesNotContain("secretsmanager");
    }

    @Test
    void plan_showsWhatWouldHappen_withoutAssumingOrWriting() throws Exception {
        windmill.addWorkspace("infra").addArchivedWorkspace("old");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro").addRole("/windmill-stage/w=old/", "legacy");
        aws.addRole("/windmill-stage/nowhere/", "orphan");

        CliRun.Result result = cli(environment(), "plan");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode plan = report(result);
        assertThat(plan.path("workspaces").get(0).path("workspace").asText()).isEqualTo("infra");
        assertThat(plan.path("workspaces").get(0).path("roles").get(0).path("sessionName").asText())
                .isEqualTo("wm-infra.ec2_ro");
        assertThat(plan.path("skippedRoles")).hasSize(2);
        assertThat(aws.assumeCalls()).isEmpty();
        assertThat(windmill.requests()).allMatch(request -> request.method().equals("GET"));
    }

    @Test
    void cli_unknownCommandOrMissingEventFile_exitsTwo() {
        assertThat(cli(environment(), "frobnicate").exitCode()).isEqualTo(2);
        assertThat(cli(environment(), "invoke").exitCode()).isEqualTo(2);
        CliRun.Result missing = cli(environment(), "invoke", "/nonexistent/event.json");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("/nonexistent/event.json");
    }
}
