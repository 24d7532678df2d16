package dev.iamsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamsync.emulator.AwsEmulator;
import dev.iamsync.emulator.WindmillEmulator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar as shipped ({@code java -jar target/windmill-iam-sync.jar}), driven by the sample events the
 * README and {@code sam local invoke} use. Runs in the integration-test phase, after packaging.
 */
class PackagedJarIT {
    private static final Path JAR = Path.of("target", "windmill-iam-sync.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "packaged-jar-it-token";

    private AwsEmulator aws;
    private WindmillEmulator windmill;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start();
        windmill = WindmillEmulator.start(TOKEN);
        windmill.addWorkspace("infra");
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
    }

    @AfterEach
    void stop() {
        aws.close();
        windmill.close();
    }

    private Map<String, String> environment() {
        Map<String, String> env = CliRun.emulatorEnvironment(aws, windmill, "/windmill-stage/", "packaged-secret");
        env.put("WM_TOKEN", TOKEN);
        return env;
    }

    private CliRun.Result jar(String... args) {
        CliRun.Result result = CliRun.run(environment(), JAR, args);
        for (String secret : aws.issuedSecrets()) {
            assertThat(result.output()).doesNotContain(secret);
        }
        assertThat(result.output()).doesNotContain(TOKEN);
        return result;
    }

    @Test
    void jar_carriesNoApacheOrNettyHttpClient() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.stream().map(entry -> entry.getName()))
                    .noneMatch(name -> name.startsWith("org/apache/hc/") || name.startsWith("org/apache/http/")
                            || name.startsWith("io/netty/"))
                    .contains("dev/iamsync/app/SyncHandler.class");
        }
    }

    @Test
    void sync_planAndEverySampleEvent_behaveAsDocumented() throws Exception {
        CliRun.Result plan = jar("plan");
        assertThat(plan.exitCode()).as(plan.stderr()).isZero();
        assertThat(JSON.readTree(plan.stdout()).path("workspaces").get(0).path("workspace").asText())
                .isEqualTo("infra");
        assertThat(windmill.requests()).allMatch(request -> request.method().equals("GET"));

        CliRun.Result sync = jar("sync");
        assertThat(sync.exitCode()).as(sync.stderr()).isZero();
        assertThat(windmill.variable("infra", "f/aws/iam")).isPresent();

        for (String event : List.of("scheduled", "create-role", "delete-role")) {
            CliRun.Result result = jar("invoke", "events/" + event + ".json");
            JsonNode report = JSON.readTree(result.stdout());
            assertThat(result.exitCode()).as(event + ": " + result.stderr()).isZero();
            assertThat(report.path("status").asText()).as(event).isEqualTo("ok");
        }
        CliRun.Result failed = jar("invoke", "events/create-role-failed.json");
        assertThat(failed.exitCode()).isZero();
        assertThat(JSON.readTree(failed.stdout()).path("status").asText()).isEqualTo("ignored");
    }

    @Test
    void withoutArguments_printsUsageAndExitsTwo() {
        CliRun.Result result = jar();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("usage: windmill-iam-sync", "sync", "plan", "invoke EVENT.json");
    }
}
