package dev.iamsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamsync.emulator.AwsEmulator;
import dev.iamsync.emulator.WindmillEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against hostile or broken peers and input: odd role paths, forged variables, Windmill, STS and Secrets
 * Manager answering nonsense, tokens that cannot be sent. Each test asserts a promise of the README. Every CLI
 * run's output is written to target/hostile-observations/&lt;test&gt;.txt and checked for secrets.
 */
class HostileInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "wm-attack-superadmin-token-91b2c3";
    static final String CALLER_SECRET = "attack-caller-secret-key-do-not-print";
    static final String SECRET_NAME = "windmill/attack-token";
    static final String VARIABLE = "f/aws/iam";
    static final String PREFIX = "/windmill-stage/";
    static final String MARKER_DESC = "x [managed-by: windmill-iam-sync]";

    AwsEmulator aws;
    WindmillEmulator windmill;
    final List<CliRun.Result> runs = new ArrayList<>();
    final List<String> extraSecrets = new ArrayList<>();
    final List<AutoCloseable> closeables = new ArrayList<>();
    RawServer proxy;
    String testName;

    @BeforeEach
    void start(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        try {
            Files.createDirectories(Path.of("target", "hostile-observations"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        aws = AwsEmulator.start();
        aws.putSecret(SECRET_NAME, "{\"token\": \"" + TOKEN + "\"}");
        windmill = WindmillEmulator.start(TOKEN);
    }

    @AfterEach
    void noSecretWasPrinted() throws Exception {
        try {
            Path dir = Path.of("target", "hostile-observations");
            Files.createDirectories(dir);
            StringBuilder text = new StringBuilder();
            for (CliRun.Result run : runs) {
                text.append("=== exit ").append(run.exitCode()).append("\n--- stdout\n").append(run.stdout())
                        .append("\n--- stderr\n").append(run.stderr()).append("\n");
            }
            Files.writeString(dir.resolve(testName + ".txt"), text.toString());
            List<String> secrets = new ArrayList<>(aws.issuedSecrets());
            secrets.add(TOKEN);
            secrets.add(CALLER_SECRET);
            secrets.addAll(extraSecrets);
            CliRun.assertNoSecrets(runs, secrets);
        } finally {
            for (AutoCloseable c : closeables) {
                c.close();
            }
            aws.close();
            windmill.close();
        }
    }

    Map<String, String> environment() {
        Map<String, String> env = CliRun.emulatorEnvironment(aws, windmill, PREFIX, CALLER_SECRET);
        env.put("WM_TOKEN_SECRET_ID", aws.secretArn(SECRET_NAME));
        return env;
    }

    /**
     * Runs the CLI against a proxy in front of the Windmill emulator whose handler may answer instead; the proxy
     * stays in {@link #proxy} for the test to inspect.
     */
    CliRun.Result behindWindmillProxy(String command, RawServer.Handler handler) {
        proxy = RawServer.start(windmill.baseUrl(), handler);
        closeables.add(proxy);
        Map<String, String> env = environment();
        env.put("WM_BASE_URL", proxy.url().toString());
        return cli(env, command);
    }

    CliRun.Result cli(Map<String, String> env, String... args) {
        CliRun.Result result = CliRun.run(env, null, args);
        runs.add(result);
        return result;
    }

    CliRun.Result sync() {
        return cli(environment(), "sync");
    }

    static JsonNode report(CliRun.Result result) throws Exception {
        return JSON.readTree(result.stdout());
    }

    JsonNode variable(String workspace) throws Exception {
        return JSON.readTree(windmill.variable(workspace, VARIABLE).orElseThrow().value());
    }

    static String entry(String role, String accessKeyId, String secret, String token, String expiration) {
        return "\"" + role + "\": {\"Credentials\": {\"AccessKeyId\": \"" + accessKeyId + "\", \"SecretAccessKey\": \""
                + secret + "\", \"SessionToken\": \"" + token + "\", \"Expiration\": \"" + expiration + "\"},"
                + " \"AssumedRoleUser\": {\"AssumedRoleId\": \"AROA:x\", \"Arn\": \"arn:x\"},"
                + " \"RoleArn\": \"arn:aws:iam::111122223333:role/windmill-stage/w=infra/" + role + "\"}";
    }

    // ---------------------------------------------------------------------------------------------------------
    // 1. Secrets in output
    // ---------------------------------------------------------------------------------------------------------

    /** A token holding a character that HTTP headers cannot carry: the JDK's IAE quotes "Bearer <token>". */
    @Test
    void literalTokenWithControlCharacter_isNeverPrinted() throws Exception {
        windmill.addWorkspace("infra");
        String badToken = "wm-literal-token-part-one\npart-two-SECRET";
        extraSecrets.add("wm-literal-token-part-one");
        extraSecrets.add("part-two-SECRET");
        Map<String, String> env = environment();
        env.remove("WM_TOKEN_SECRET_ID");
        env.put("WM_TOKEN", badToken);

        CliRun.Result result = cli(env, "sync");

        assertThat(result.exitCode()).as("a token problem is a 'could not start' (2)").isEqualTo(2);
        assertThat(result.stdout()).as("a JSON report is printed").startsWith("{");
    }

    /** Same through Secrets Manager, with a zero-width space pasted into the token (U+200B). */
    @Test
    void secretsManagerTokenWithZeroWidthSpace_isNeverPrinted() throws Exception {
        windmill.addWorkspace("infra");
        aws.putSecret(SECRET_NAME, "{\"token\": \"wm-sm-token-\u200bZWSP-SECRET\"}");
        extraSecrets.add("wm-sm-token-");
        extraSecrets.add("ZWSP-SECRET");

        CliRun.Result result = sync();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stdout()).startsWith("{");
    }

    /** A password in WM_BASE_URL's user info is refused, but must not be echoed. */
    @Test
    void baseUrlWithUserInfo_passwordIsNotEchoed() throws Exception {
        Map<String, String> env = environment();
        env.put("WM_BASE_URL", "https://admin:hunter2-url-password@windmill.example.com");
        extraSecrets.add("hunter2-url-password");

        CliRun.Result result = cli(env, "sync");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("WM_BASE_URL");
    }

    /** A server on Windmill's port that answers with a malformed status line echoing the request head. */
    @Test
    void windmillEchoingRequestInStatusLine_doesNotLeakToken() throws Exception {
        RawServer.Tcp echo = new RawServer.Tcp(head -> "HTTP/1.1 XYZ " + head.replace("\r\n", " | ") + "\r\n\r\n");
        closeables.add(echo);
        Map<String, String> env = environment();
        env.put("WM_BASE_URL", echo.url().toString());

        CliRun.Result result = cli(env, "sync");

        assertThat(result.exitCode()).isEqualTo(2);
    }

    /** Same with a valid status line, then a malformed header line echoing the request head. */
    @Test
    void windmillEchoingRequestAsBadHeader_doesNotLeakToken() throws Exception {
        RawServer.Tcp echo = new RawServer.Tcp(head -> "HTTP/1.1 200 OK\r\nX " + head.replace("\r\n", " | ")
                + "\r\n\r\n");
        closeables.add(echo);
        Map<String, String> env = environment();
        env.put("WM_BASE_URL", echo.url().toString());

        CliRun.Result result = cli(env, "sync");

        assertThat(result.exitCode()).isEqualTo(2);
    }

    /** Secrets Manager answering truncated JSON that holds the token. */
    @Test
    void secretsManagerTruncatedJson_doesNotLeakToken() throws Exception {
        windmill.addWorkspace("infra");
        RawServer sm = RawServer.start(aws.endpoint(), req -> req.body().contains("SecretId")
                ? new RawServer.Resp(200, "application/x-amz-json-1.1",
                        "{\"ARN\":\"arn:x\",\"Name\":\"n\",\"SecretString\":\"" + TOKEN + "\",\"Ver")
                : null);
        closeables.add(sm);
        Map<String, String> env = environment();
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", sm.url().toString());

        CliRun.Result result = cli(env, "sync");

        assertThat(result.exitCode()).isEqualTo(2);
    }

    /** STS answering truncated XML holding a secret key. */
    @Test
    void stsTruncatedXml_doesNotLeakSecret() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        String leaked = "STS-TRUNCATED-SECRET-KEY-abcdef";
        extraSecrets.add(leaked);
        RawServer sts = RawServer.start(aws.endpoint(), req -> req.body().contains("Action=AssumeRole")
                ? new RawServer.Resp(200, "text/xml", "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/"
                        + "2011-06-15/\"><AssumeRoleResult><Credentials><AccessKeyId>ASIAX</AccessKeyId>"
                        + "<SecretAccessKey>" + leaked + "</SecretAccessKey><SessionToken>abc")
                : null);
        closeables.add(sts);
        Map<String, String> env = environment();
        env.put("AWS_ENDPOINT_URL_STS", sts.url().toString());

        CliRun.Result result = cli(env, "sync");

        assertThat(result.exitCode()).isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------------------
    // 2. One broken role never hurts the others
    // ---------------------------------------------------------------------------------------------------------

    static String stsXml(String secret, String token, String expirationOrNull) {
        return "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                + "<Credentials><AccessKeyId>ASIARAW</AccessKeyId><SecretAccessKey>" + secret + "</SecretAccessKey>"
                + (token == null ? "" : "<SessionToken>" + token + "</SessionToken>")
                + (expirationOrNull == null ? "" : "<Expiration>" + expirationOrNull + "</Expiration>")
                + "</Credentials><AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId><Arn>arn:aws:sts::1:"
                + "assumed-role/r/s</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r"
                + "</RequestId></ResponseMetadata></AssumeRoleResponse>";
    }

    /** STS answers 200 without a SessionToken for one role: only that role should fail. */
    @Test
    void stsAnswerMissingSessionToken_failsOnlyThatRole() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "good").addRole("/windmill-stage/w=infra/", "broken");
        extraSecrets.add("RAW-GOOD-SECRET-111");
        extraSecrets.add("RAW-GOOD-TOKEN-222");
        extraSecrets.add("RAW-BROKEN-SECRET-333");
        String exp = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        RawServer sts = RawServer.start(aws.endpoint(), req -> {
            if (!req.body().contains("Action=AssumeRole")) {
                return null;
            }
            return req.body().contains("broken")
                    ? new RawServer.Resp(200, "text/xml", stsXml("RAW-BROKEN-SECRET-333", null, exp))
                    : new RawServer.Resp(200, "text/xml", stsXml("RAW-GOOD-SECRET-111", "RAW-GOOD-TOKEN-222", exp));
        });
        closeables.add(sts);
        Map<String, String> env = environment();
        env.put("AWS_ENDPOINT_URL_STS", sts.url().toString());

        CliRun.Result result = cli(env, "sync");

        JsonNode report = report(result);
        assertThat(report.path("workspaces").path("written").toString()).as("infra written with 'good'")
                .contains("infra");
        assertThat(report.path("roles").path("failed").toString()).as("the failing role is named")
                .contains("broken");
        assertThat(variable("infra").has("good")).isTrue();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 3. Credentials always fresh: a kept entry must be plausible
    // ---------------------------------------------------------------------------------------------------------

    /**
     * A previous entry whose Expiration is in 9999 (forged by anyone who could edit the variable, or a stale legacy
     * value) is kept for as long as the role fails; STS sessions never last beyond 12 h.
     */
    @Test
    void forgedFarFutureExpiration_isNotKeptForever() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "locked");
        aws.denyAssume("locked");
        windmill.putVariable("infra", VARIABLE, "{" + entry("locked", "AKIALONGLIVEDKEY", "attacker-secret",
                "attacker-token", "9999-12-31T23:59:59Z") + "}", true, MARKER_DESC);

        CliRun.Result result = sync();

        JsonNode failed = report(result).path("roles").path("failed");
        assertThat(variable("infra").has("locked"))
                .as("an entry claiming to be valid until 9999 (impossible for STS, max 12 h) must not be kept;"
                        + " keptUntil reported: " + failed.path(0).path("keptUntil").asText())
                .isFalse();
    }

    /** A person's long-lived keys in the helper's shape are not the helper's: never adopted, kept or rewritten. */
    @Test
    void helperShapedVariableWithLongLivedKeys_isAPersonsAndLeftUntouched() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "locked");
        aws.denyAssume("locked");
        windmill.putVariable("infra", VARIABLE, "{" + entry("locked", "AKIAPERSONSKEY", "person-secret", "",
                "2099-01-01 00:00:00+00:00") + "}", false, "my own keys");

        String before = windmill.variable("infra", VARIABLE).orElseThrow().value();

        CliRun.Result result = sync();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(report(result).path("workspaces").path("failed").get(0).path("reason").asText())
                .contains("not written by windmill-iam-sync");
        assertThat(windmill.variable("infra", VARIABLE).orElseThrow().value()).isEqualTo(before);
    }

    // ---------------------------------------------------------------------------------------------------------
    // 4. Windmill answering nonsense
    // ---------------------------------------------------------------------------------------------------------

    /** The listing answers 200 with a JSON object instead of an array (a proxy, a different API version). */
    @Test
    void listingAnswersJsonObject_isNotTreatedAsNoWorkspaces() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        CliRun.Result result = behindWindmillProxy("sync", req -> req.path().endsWith("/list_as_superadmin")
                ? new RawServer.Resp(200, "application/json", "{\"workspaces\": [{\"id\": \"infra\"}]}")
                : null);

        assertThat(result.exitCode()).as("an unexpected listing shape must not be a clean run").isNotZero();
    }

    /** The listing answers 200 text/html (an SSO login page). */
    @Test
    void listingAnswersHtml_failsNamingTheRequest() throws Exception {
        windmill.addWorkspace("infra");
        CliRun.Result result = behindWindmillProxy("sync", req -> req.path().endsWith("/list_as_superadmin")
                ? new RawServer.Resp(200, "text/html", "<html><body>Please log in</body></html>")
                : null);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(report(result).path("error").asText()).as("names the request").contains("list_as_superadmin");
    }

    /** The listing redirects (http -> https, or to an SSO host): not followed; the message should say why. */
    @Test
    void listingRedirect_isNotFollowedAndExplained() throws Exception {
        CliRun.Result result = behindWindmillProxy("sync", req -> new RawServer.Resp(302, "text/plain", ""));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(proxy.requests).hasSize(1);
        assertThat(report(result).path("error").asText()).as("says what to fix").containsIgnoringCase("redirect");
    }

    /** A listing that never ends (always new ids): the run must not silently stop and report ok. */
    @Test
    void listingThatNeverEnds_isReported() throws Exception {
        windmill.addWorkspace("infra");
        CliRun.Result result = behindWindmillProxy("plan", req -> {
            if (!req.path().endsWith("/list_as_superadmin")) {
                return null;
            }
            Matcher m = Pattern.compile("page=(\\d+)").matcher(req.query());
            m.find();
            return new RawServer.Resp(200, "application/json", "[{\"id\": \"ws" + m.group(1)
                    + "\", \"deleted\": true}]");
        });

        Files.writeString(Path.of("target", "hostile-observations", "listingNeverEnds.requests"),
                proxy.requests.size() + "\n");
        assertThat(result.exitCode()).as("1000 pages of new ids then silently truncated").isNotZero();
    }

    /** 403 on a write (token lacks rights in that workspace): says what to fix. */
    @Test
    void windmill403OnWorkspace_saysWhatToFix() throws Exception {
        windmill.addWorkspace("infra").addWorkspace("data");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro").addRole("/windmill-stage/w=data/", "athena");
        windmill.failWorkspace("infra", 403);

        CliRun.Result result = sync();

        assertThat(result.exitCode()).isEqualTo(1);
        String reason = report(result).path("workspaces").path("failed").path(0).path("reason").asText();
        assertThat(reason).as("a 403 should hint at the token's rights").containsIgnoringCase("superadmin");
        assertThat(variable("data").has("athena")).isTrue();
    }

    /** 401 in one workspace mid-run: the others are still written. */
    @Test
    void windmill401InOneWorkspace_othersWritten() throws Exception {
        windmill.addWorkspace("infra").addWorkspace("data");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro").addRole("/windmill-stage/w=data/", "athena");
        windmill.failWorkspace("infra", 401);

        CliRun.Result result = sync();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(variable("data").has("athena")).isTrue();
        assertThat(windmill.variable("infra", VARIABLE)).isEmpty();
    }

    /** getVariable answers 200 with HTML for one workspace. */
    @Test
    void getVariableAnswersHtml_workspaceFailureNamesTheRequest() throws Exception {
        windmill.addWorkspace("infra").addWorkspace("data");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro").addRole("/windmill-stage/w=data/", "athena");
        CliRun.Result result = behindWindmillProxy("sync", req -> req.path().startsWith("/api/w/infra/variables/get")
                ? new RawServer.Resp(200, "text/html", "<html>oops</html>")
                : null);

        assertThat(result.exitCode()).isEqualTo(1);
        String reason = report(result).path("workspaces").path("failed").path(0).path("reason").asText();
        assertThat(reason).contains("variables/get");
    }

    /** variables/exists answers garbage for a role-less workspace that holds our variable. */
    @Test
    void variableExistsAnswersGarbage_isNotSilentlyOk() throws Exception {
        windmill.addWorkspace("old").addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        windmill.putVariable("old", VARIABLE, "{" + entry("gone", "ASIAOLD", "old-secret-zzz", "old-token-zzz",
                "2099-01-01T00:00:00Z") + "}", true, MARKER_DESC);
        extraSecrets.add("old-secret-zzz");
        CliRun.Result result = behindWindmillProxy("sync", req -> req.path().contains("/variables/exists/")
                ? new RawServer.Resp(200, "application/json", "{\"exists\": true}")
                : null);

        assertThat(result.exitCode()).as("unexpected answer treated as 'no variable', old creds left").isNotZero();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 5. IAM answering nonsense
    // ---------------------------------------------------------------------------------------------------------

    /** ListRoles answers a role without Path: the run should fail with a message, not crash. */
    @Test
    void listRolesWithoutPath_failsCleanly() throws Exception {
        windmill.addWorkspace("infra");
        RawServer iam = RawServer.start(aws.endpoint(), req -> req.body().contains("Action=ListRoles")
                ? new RawServer.Resp(200, "text/xml", "<ListRolesResponse xmlns=\"https://iam.amazonaws.com/doc/"
                        + "2010-05-08/\"><ListRolesResult><IsTruncated>false</IsTruncated><Roles><member>"
                        + "<RoleName>nopath</RoleName><RoleId>AROA1</RoleId><Arn>arn:aws:iam::111122223333:role/"
                        + "windmill-stage/w=infra/nopath</Arn></member></Roles></ListRolesResult>"
                        + "<ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></ListRolesResponse>")
                : null);
        closeables.add(iam);
        Map<String, String> env = environment();
        env.put("AWS_ENDPOINT_URL_IAM", iam.url().toString());

        CliRun.Result result = cli(env, "sync");

        assertThat(result.exitCode()).isIn(0, 1, 2);
        assertThat(result.stderr()).doesNotContain("Exception in thread");
        assertThat(result.stdout()).startsWith("{");
    }

    /** ListRoles answers a role whose Path is under the prefix but whose ARN is elsewhere. */
    @Test
    void roleWhoseArnDisagreesWithItsPath_isNotAssumed() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/admin/", "breakglass");
        String foreignArn = aws.roleArn("/admin/", "breakglass");
        RawServer iam = RawServer.start(aws.endpoint(), req -> req.body().contains("Action=ListRoles")
                ? new RawServer.Resp(200, "text/xml", "<ListRolesResponse xmlns=\"https://iam.amazonaws.com/doc/"
                        + "2010-05-08/\"><ListRolesResult><IsTruncated>false</IsTruncated><Roles><member>"
                        + "<Path>/windmill-stage/w=infra/</Path><RoleName>ec2_ro</RoleName><RoleId>AROA1</RoleId>"
                        + "<Arn>" + foreignArn + "</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate>"
                        + "<MaxSessionDuration>3600</MaxSessionDuration></member></Roles></ListRolesResult>"
                        + "<ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></ListRolesResponse>")
                : null);
        closeables.add(iam);
        Map<String, String> env = environment();
        env.put("AWS_ENDPOINT_URL_IAM", iam.url().toString());

        CliRun.Result result = cli(env, "sync");

        assertThat(aws.assumeCalls()).extracting(AwsEmulator.AssumeCall::roleArn).doesNotContain(foreignArn);
    }

    // ---------------------------------------------------------------------------------------------------------
    // 6. Configuration
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void baseUrlPortOutOfRange_isAConfigError() throws Exception {
        Map<String, String> env = environment();
        env.put("WM_BASE_URL", "http://127.0.0.1:99999");

        CliRun.Result result = cli(env, "sync");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).doesNotContain("Exception in thread").contains("WM_BASE_URL");
    }

    @Test
    void baseUrlWithUnderscoreHost_errorSaysWhy() throws Exception {
        Map<String, String> env = environment();
        env.put("WM_BASE_URL", "http://windmill_server:8000");

        CliRun.Result result = cli(env, "sync");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(report(result).path("error").asText()).as("'with a host' is misleading: it has one")
                .doesNotContain("with a host");
    }

    @Test
    void unknownLogLevel_isRejected() throws Exception {
        windmill.addWorkspace("infra");
        Map<String, String> env = environment();
        env.put("WM_LOG_LEVEL", "VERBOSE");

        CliRun.Result result = cli(env, "plan");

        assertThat(result.exitCode()).as("README: a bad value stops the run naming the variable").isEqualTo(2);
    }

    @Test
    void secretThatIsAJsonArray_saysTheSecretIsMalformed() throws Exception {
        windmill.addWorkspace("infra");
        aws.putSecret(SECRET_NAME, "[\"" + TOKEN + "\"]");

        CliRun.Result result = sync();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(report(result).path("error").asText()).as("points at the secret's format, not at Windmill")
                .contains(SECRET_NAME);
    }

    @Test
    void prefixAndAliasThatNormaliseEqual_areAccepted() throws Exception {
        windmill.addWorkspace("infra");
        Map<String, String> env = environment();
        env.put("WM_IAM_PATH_PREFIX", "/windmill-stage/");
        env.put("WM_IAM_PREFIX", "windmill-stage");

        CliRun.Result result = cli(env, "plan");

        assertThat(result.exitCode()).isZero();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 7. Ownership
    // ---------------------------------------------------------------------------------------------------------

    /** A person's description that merely mentions the marker (negated) makes the variable "ours". */
    @Test
    void personsDescriptionMentioningMarker_isStillAPersonsVariable() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        windmill.putVariable("infra", VARIABLE, "my notes", true,
                "hand-written, NOT managed-by: windmill-iam-sync, do not touch");

        CliRun.Result result = sync();

        assertThat(windmill.variable("infra", VARIABLE).orElseThrow().value()).isEqualTo("my notes");
    }

    /** A legacy-looking variable in a role-less workspace may still be fed by the old helper: never emptied. */
    @Test
    void legacyFormatVariableInRoleLessWorkspace_isNotEmptied() throws Exception {
        windmill.addWorkspace("team").addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        windmill.putVariable("team", VARIABLE, "{" + entry("their_role", "ASIATHEIRS", "their-secret-qqq",
                "their-token-qqq", "2099-01-01T00:00:00Z") + "}", false, "written by our own cron");
        extraSecrets.add("their-secret-qqq");

        CliRun.Result result = sync();

        assertThat(windmill.variable("team", VARIABLE).orElseThrow().value()).as("wiped").isNotEqualTo("{}");
    }

    // ---------------------------------------------------------------------------------------------------------
    // 8. Path tricks: nothing outside the prefix / wrong workspace
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void pathTricks_onlyExactWorkspaceSegmentsAssign() throws Exception {
        windmill.addWorkspace("infra").addWorkspace("data").addArchivedWorkspace("old");
        aws.addRole("/windmill-stage/w=infra/", "ok_infra");
        aws.addRole("/windmill-stage/xw=infra/", "t_xw");
        aws.addRole("/windmill-stage/W=infra/", "t_upper");
        aws.addRole("/windmill-stage/w=infra%2F../", "t_pct");
        aws.addRole("/windmill-stage/w=../", "t_dotdot");
        aws.addRole("/windmill-stage/w=infra/w=data/", "t_double");
        aws.addRole("/windmill-stage-evil/w=infra/", "t_evil");
        aws.addRole("/windmill-stagE/w=infra/", "t_case");
        aws.addRole("/windmill-stage/w=global/", "t_global");
        aws.addRole("/windmill-stage/w=old/", "t_old");
        aws.addRole("/windmill-stage/w= infra/".replace(" ", ""), "t_ok2");
        aws.addRole("/windmill-stage/w=infra-/", "t_trailing_dash");
        aws.addRole("/windmill-stage/w=/", "t_empty");
        aws.addRole("/windmill-stage/w=infra=x/", "t_eq");
        aws.addRole("/x/windmill-stage/w=infra/", "t_nested");
        aws.addRole("/windmill-stage/w=infra/", "r".repeat(64));
        aws.addRole("/windmill-stage/w=infra/", "a+=,.@-_b");

        CliRun.Result result = sync();

        JsonNode infra = variable("infra");
        List<String> names = new ArrayList<>();
        infra.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("ok_infra", "t_ok2", "t_double", "r".repeat(64), "a+=,.@-_b");
        assertThat(windmill.variable("data", VARIABLE)).isEmpty();
        assertThat(aws.assumeCalls()).extracting(AwsEmulator.AssumeCall::roleArn)
                .noneMatch(arn -> arn.contains("evil") || arn.contains("stagE") || arn.contains("/x/"));
        assertThat(result.exitCode()).isZero();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 9. Scale
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void concurrency64With500Roles_allWritten() throws Exception {
        for (int w = 0; w < 100; w++) {
            windmill.addWorkspace("ws" + w);
            for (int r = 0; r < 5; r++) {
                aws.addRole("/windmill-stage/w=ws" + w + "/", "role_" + w + "_" + r);
            }
        }
        for (int r = 0; r < 50; r++) {
            aws.denyAssume("role_" + r + "_0");
        }
        Map<String, String> env = environment();
        env.put("WM_ASSUME_CONCURRENCY", "64");
        env.put("WM_LOG_LEVEL", "INFO");

        CliRun.Result result = cli(env, "sync");

        JsonNode report = report(result);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(report.path("roles").path("assumed").asInt()).isEqualTo(450);
        assertThat(report.path("roles").path("failed")).hasSize(50);
        assertThat(report.path("workspaces").path("written")).hasSize(100);
        assertThat(variable("ws99").size()).isEqualTo(5);
        assertThat(variable("ws0").size()).isEqualTo(4);
    }

    // ---------------------------------------------------------------------------------------------------------
    // 10. Events
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void weirdEvents_behave(@TempDir Path dir) throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        Path array = Files.writeString(dir.resolve("array.json"), "[1, 2, 3]");
        Path nul = Files.writeString(dir.resolve("null.json"), "null");
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        Path notJson = Files.writeString(dir.resolve("bad.json"), "{\"a\": " + TOKEN);
        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'});
        StringBuilder big = new StringBuilder("{\"detail-type\": \"Scheduled Event\", \"pad\": \"");
        big.append("x".repeat(10 * 1024 * 1024)).append("\"}");
        Path huge = Files.writeString(dir.resolve("huge.json"), big.toString());
        Path trailing = Files.writeString(dir.resolve("trailing.json"), "{} {\"x\":1} garbage");
        Path createWeird = Files.writeString(dir.resolve("create.json"), """
                {"detail-type": "AWS API Call via CloudTrail",
                 "detail": {"eventName": "CreateRole",
                   "requestParameters": {"roleName": "../../w=data/x", "path": "/windmill-stage/w=infra/"},
                   "responseElements": {"role": {"roleName": {"nested": true}, "path": 42}}}}""");

        for (Path p : List.of(huge, createWeird)) {
            CliRun.Result r = cli(environment(), "invoke", p.toString());
            assertThat(r.exitCode()).as(p.getFileName().toString()).isZero();
        }
        for (Path p : List.of(array, nul, empty, trailing)) {
            CliRun.Result r = cli(environment(), "invoke", p.toString());
            assertThat(r.exitCode()).as(p.getFileName().toString()).isEqualTo(2);
            assertThat(r.stderr()).as(p.getFileName().toString()).contains(p.getFileName().toString());
        }
        CliRun.Result bad = cli(environment(), "invoke", notJson.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        CliRun.Result bin = cli(environment(), "invoke", binary.toString());
        assertThat(bin.exitCode()).isEqualTo(2);
        extraSecrets.add(TOKEN);
    }

    // ---------------------------------------------------------------------------------------------------------
    // 11. Slow Windmill
    // ---------------------------------------------------------------------------------------------------------

    /** A Windmill that answers each request after 16 s: the run gives up after one 15 s request, no retry. */
    @Test
    void slowWindmill_givesUpWithinDocumentedTime() throws Exception {
        windmill.addWorkspace("infra");
        windmill.delayResponses(java.time.Duration.ofSeconds(16));
        long t0 = System.nanoTime();

        CliRun.Result result = cli(environment(), "plan");

        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        Files.writeString(Path.of("target", "hostile-observations", "slowWindmill.seconds"), seconds + "\n",
                StandardCharsets.UTF_8);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(seconds).as("README: a request gives up after 15 s, without retry").isLessThan(25);
        assertThat(report(result).path("error").asText()).contains("no answer within 15 s");
    }

    // ---------------------------------------------------------------------------------------------------------
    // 12. More
    // ---------------------------------------------------------------------------------------------------------

    /** Two deployments (stage and prod prefixes) writing the same f/aws/iam leave each other's variables alone. */
    @Test
    void twoDeploymentsWithDifferentPrefixes_leaveEachOthersVariablesAlone() throws Exception {
        windmill.addWorkspace("infra").addWorkspace("other");
        aws.addRole("/windmill-prod/w=infra/", "prod_role").addRole("/windmill-stage/w=other/", "stage_role");
        Map<String, String> prod = environment();
        prod.put("WM_IAM_PATH_PREFIX", "/windmill-prod/");
        assertThat(cli(prod, "sync").exitCode()).isZero();
        assertThat(variable("infra").has("prod_role")).isTrue();

        CliRun.Result stage = sync();

        assertThat(stage.exitCode()).isZero();
        assertThat(variable("infra").has("prod_role")).as("stage deployment wiped prod's credentials").isTrue();
    }

    /** A typo in the prefix (or a ListRoles that returns nothing) empties nothing and warns. */
    @Test
    void prefixTypo_emptiesNothingAndWarns() throws Exception {
        windmill.addWorkspace("infra").addWorkspace("data");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro").addRole("/windmill-stage/w=data/", "athena");
        assertThat(sync().exitCode()).isZero();
        Map<String, String> env = environment();
        env.put("WM_IAM_PATH_PREFIX", "/windmill-stag/");

        CliRun.Result result = cli(env, "sync");

        assertThat(result.exitCode()).isZero();
        assertThat(report(result).path("workspaces").path("emptied")).isEmpty();
        assertThat(report(result).path("warnings").get(0).asText()).contains("no role under /windmill-stag/");
        assertThat(variable("infra").has("ec2_ro")).isTrue();
    }

    @Test
    void tokenWithSurroundingWhitespace_works() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        aws.putSecret(SECRET_NAME, "  {\"token\": \"\\t " + TOKEN + " \\n\"}\n");
        assertThat(sync().exitCode()).isZero();
        Map<String, String> env = environment();
        env.remove("WM_TOKEN_SECRET_ID");
        env.put("WM_TOKEN", " " + TOKEN + "\r\n");
        assertThat(cli(env, "sync").exitCode()).isZero();
    }

    @Test
    void roleChainingAt43200_retriesAt3600AndWarnsOnce() throws Exception {
        windmill.addWorkspace("infra");
        for (int i = 0; i < 5; i++) {
            aws.addRole("/windmill-stage/w=infra/", "r" + i, 43200);
        }
        Map<String, String> env = environment();
        env.put("WM_SESSION_DURATION_SECONDS", "43200");

        CliRun.Result result = cli(env, "sync");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stderr().lines().filter(l -> l.contains("role chaining"))).hasSize(1);
        assertThat(variable("infra").size()).isEqualTo(5);
    }

    @Test
    void listingWithSmallPagesAndDuplicates_findsEveryWorkspace() throws Exception {
        for (int i = 0; i < 57; i++) {
            windmill.addWorkspace("ws" + i);
            aws.addRole("/windmill-stage/w=ws" + i + "/", "r" + i);
        }
        windmill.listPageCap(5);
        windmill.duplicateAcrossPages(true);
        Map<String, String> env = environment();
        env.put("WM_LOG_LEVEL", "WARN");

        CliRun.Result result = cli(env, "sync");

        assertThat(result.exitCode()).isZero();
        assertThat(report(result).path("workspaces").path("written")).hasSize(57);
    }

    /** The listing names a workspace id with characters that need URL-encoding. */
    @Test
    void listedWorkspaceIdNeedingEncoding_failsOnlyThatWorkspace() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        CliRun.Result result = behindWindmillProxy("sync", req -> {
            if (req.path().endsWith("/list_as_superadmin")) {
                return req.query().contains("page=1&") ? new RawServer.Resp(200, "application/json",
                        "[{\"id\": \"infra\"}, {\"id\": \"we ird\"}, {\"id\": \"x?y=\"}, {\"id\": \"../../version#\"}]")
                        : new RawServer.Resp(200, "application/json", "[]");
            }
            return null;
        });

        Files.writeString(Path.of("target", "hostile-observations", "encodingPaths.txt"),
                proxy.requests.stream().map(r -> r.method() + " " + r.path() + " ? " + r.query()).toList() + "\n");
        assertThat(variable("infra").has("ec2_ro")).isTrue();
        assertThat(result.exitCode()).isIn(0, 1);
        assertThat(result.stderr()).doesNotContain("Exception in thread");
    }

    /** Previous entries: an unreadable Expiration or one expiring within 5 minutes is not kept. */
    @Test
    void previousEntriesWithUnreadableOrNearExpiration_areDropped() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "a").addRole("/windmill-stage/w=infra/", "b");
        aws.addRole("/windmill-stage/w=infra/", "c");
        aws.denyAssume("a");
        aws.denyAssume("b");
        aws.denyAssume("c");
        String soon = Instant.now().plus(4, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        String later = Instant.now().plus(40, ChronoUnit.MINUTES).toString();
        windmill.putVariable("infra", VARIABLE, "{" + entry("a", "ASIAA", "sa", "ta", "1893456000") + ", "
                + entry("b", "ASIAB", "sb", "tb", soon) + ", " + entry("c", "ASIAC", "sc", "tc", later) + "}",
                true, MARKER_DESC);

        CliRun.Result result = sync();

        JsonNode v = variable("infra");
        assertThat(v.has("a")).isFalse();
        assertThat(v.has("b")).isFalse();
        assertThat(v.has("c")).isTrue();
        assertThat(result.exitCode()).isEqualTo(1);
    }

    /** Token rotated: first 401 on listing, the secret now holds the new token; the run goes on. */
    @Test
    void rotatedTokenInSecretsManager_isReReadOnce() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        windmill.setToken("rotated-token-abc-123");
        aws.putSecret(SECRET_NAME, "rotated-token-abc-123");
        extraSecrets.add("rotated-token-abc-123");

        CliRun.Result result = sync();

        assertThat(result.exitCode()).isZero();
    }

    /** Windmill answers 401 for every request in one workspace: how many GetSecretValue calls? */
    @Test
    void persistent401InOneWorkspace_doesNotHammerSecretsManager() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        for (int i = 0; i < 20; i++) {
            windmill.addWorkspace("ws" + i);
            windmill.failWorkspace("ws" + i, 401);
        }
        CliRun.Result result = sync();
        long reads = aws.requests().stream().filter(r -> r.service().equals("secretsmanager")).count();
        Files.writeString(Path.of("target", "hostile-observations", "secretReads.txt"), reads + "\n");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(reads).isLessThanOrEqualTo(3);
    }
}
