package dev.iamsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamsync.emulator.AwsEmulator;
import dev.iamsync.emulator.WindmillEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Lambda handler in-process against the emulators. The SDK finds the emulator through its standard
 * {@code aws.endpointUrl} system property (the twin of {@code AWS_ENDPOINT_URL}); the handler's own settings come
 * from an injected environment.
 */
class SyncHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEDULED = "{\"version\":\"0\",\"detail-type\":\"Scheduled Event\","
            + "\"source\":\"aws.events\",\"detail\":{}}";

    private AwsEmulator aws;
    private WindmillEmulator windmill;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final List<String> failures = new ArrayList<>();

    @BeforeEach
    void start() {
        aws = AwsEmulator.start();
        windmill = WindmillEmulator.start("token-one");
        aws.putSecret("wm-token", "token-one");
        System.setProperty("aws.endpointUrl", aws.endpoint().toString());
    }

    @AfterEach
    void noSecretInLogsOrErrors() {
        try {
            String everything = logs.toString(StandardCharsets.UTF_8) + String.join("\n", failures);
            for (String secret : aws.issuedSecrets()) {
                assertThat(everything).doesNotContain(secret);
            }
            assertThat(everything).doesNotContain("token-one", "token-two", "SECRET-PART", "Bearer");
        } finally {
            System.clearProperty("aws.endpointUrl");
            aws.close();
            windmill.close();
        }
    }

    private SyncHandler handler(Map<String, String> env) {
        return new SyncHandler(env, new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    /** Invokes, recording the failure message (what the Lambda runtime would log) before rethrowing. */
    private JsonNode invoke(SyncHandler handler, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (RuntimeException e) {
            failures.add(String.valueOf(e) + " cause: " + e.getCause());
            throw e;
        }
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("WM_BASE_URL", windmill.baseUrl().toString());
        env.put("WM_ALLOW_INSECURE_HTTP", "true");
        env.put("WM_TOKEN_SECRET_ID", "wm-token");
        env.put("WM_IAM_PATH_PREFIX", "/windmill-stage/");
        env.put("WM_LOG_LEVEL", "DEBUG");
        return env;
    }


    @Test
    void init_fetchesNoSecretAndCallsNothing() {
        handler(environment());

        assertThat(aws.requests()).isEmpty();
        assertThat(windmill.requests()).isEmpty();
    }

    @Test
    void handleRequest_scheduledEvent_returnsReport() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");

        JsonNode report = invoke(handler(environment()), SCHEDULED);

        assertThat(report.path("status").asText()).isEqualTo("ok");
        assertThat(report.path("trigger").asText()).isEqualTo("schedule");
        assertThat(windmill.variable("infra", "f/aws/iam")).isPresent();
    }

    @Test
    void handleRequest_warmInvocations_reuseTheTokenAndRereadItAfterRotation() throws Exception {
        windmill.addWorkspace("infra");
        SyncHandler handler = handler(environment());
        invoke(handler, SCHEDULED);
        invoke(handler, SCHEDULED);
        long readsBeforeRotation = aws.requests().stream().filter(r -> r.service().equals("secretsmanager")).count();
        aws.putSecret("wm-token", "token-two");
        windmill.setToken("token-two");

        JsonNode report = invoke(handler, SCHEDULED);

        assertThat(readsBeforeRotation).isEqualTo(1);
        assertThat(report.path("status").asText()).isEqualTo("ok");
        assertThat(aws.requests().stream().filter(r -> r.service().equals("secretsmanager"))).hasSize(2);
    }

    @Test
    void handleRequest_partialFailure_returnsReportWithoutFailingTheInvocation() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro").addRole("/windmill-stage/w=infra/", "locked");
        aws.denyAssume("locked");

        JsonNode report = invoke(handler(environment()), SCHEDULED);

        assertThat(report.path("status").asText()).isEqualTo("partial");
    }

    @Test
    void handleRequest_roleListingDenied_failsTheInvocation() {
        windmill.addWorkspace("infra");
        aws.failListRoles(403, "AccessDenied", "not authorized to perform: iam:ListRoles");

        assertThatThrownBy(() -> invoke(handler(environment()), SCHEDULED))
                .hasMessageContaining("ListRoles")
                .hasMessageContaining("AccessDenied");
        assertThat(windmill.requests()).noneMatch(request -> request.method().equals("POST"));
    }

    @Test
    void handleRequest_missingTokenSecret_failsNamingTheSecret() {
        Map<String, String> env = environment();
        env.put("WM_TOKEN_SECRET_ID", "no-such-secret");

        assertThatThrownBy(() -> invoke(handler(env), SCHEDULED))
                .hasMessageContaining("no-such-secret")
                .hasMessageContaining("ResourceNotFoundException");
    }

    @Test
    void handleRequest_badConfiguration_failsEveryInvocationNamingTheVariable() {
        Map<String, String> env = environment();
        env.remove("WM_BASE_URL");
        SyncHandler handler = handler(env);

        assertThatThrownBy(() -> invoke(handler, SCHEDULED)).hasMessageContaining("WM_BASE_URL is not set");
        assertThatThrownBy(() -> invoke(handler, SCHEDULED)).hasMessageContaining("WM_BASE_URL is not set");
    }

    @Test
    void handleRequest_tokenSecretWithLineBreak_failsWithoutQuotingIt() {
        aws.putSecret("wm-token", "{\"token\": \"token-one\\nSECRET-PART\"}");

        assertThatThrownBy(() -> invoke(handler(environment()), SCHEDULED))
                .hasMessageContaining("characters an HTTP header cannot carry");
    }

    @Test
    void handleRequest_payloadThatIsNotAnObject_failsSayingSo() {
        assertThatThrownBy(() -> invoke(handler(environment()), "[1, 2]"))
                .hasMessageContaining("not a JSON object");
        assertThat(windmill.requests()).isEmpty();
    }

    @Test
    void handleRequest_nearTheLambdaTimeout_reportsInsteadOfStartingWrites() throws Exception {
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        Context almostOutOfTime = (Context) Proxy.newProxyInstance(Context.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (proxy, method, args) -> method.getName().equals("getRemainingTimeInMillis") ? 5_000 : null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler(environment()).handleRequest(new ByteArrayInputStream(SCHEDULED.getBytes(StandardCharsets.UTF_8)),
                out, almostOutOfTime);

        JsonNode report = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(report.path("status").asText()).isEqualTo("partial");
        assertThat(report.path("workspaces").path("failed").get(0).path("reason").asText())
                .contains("ran out of time");
        assertThat(windmill.variable("infra", "f/aws/iam")).isEmpty();
    }
}
