package dev.iamsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamsync.emulator.AwsEmulator;
import dev.iamsync.emulator.WindmillEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI in a separate JVM, as an operator would, with exactly the environment given (plus an empty HOME,
 * so no AWS profile of the machine leaks in). Captures exit code, stdout and stderr.
 */
final class CliRun {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    private CliRun() {
    }

    /**
     * What an operator would set to run the CLI against the emulators, but for the token (the caller adds
     * {@code WM_TOKEN} or {@code WM_TOKEN_SECRET_ID}): endpoints through {@code AWS_ENDPOINT_URL}, DEBUG logs so
     * that every line is checked for secrets.
     */
    static Map<String, String> emulatorEnvironment(AwsEmulator aws, WindmillEmulator windmill, String prefix,
            String callerSecret) {
        Map<String, String> env = new HashMap<>();
        env.put("WM_BASE_URL", windmill.baseUrl().toString());
        env.put("WM_ALLOW_INSECURE_HTTP", "true");
        env.put("WM_IAM_PATH_PREFIX", prefix);
        env.put("WM_LOG_LEVEL", "DEBUG");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIAE2ECALLER");
        env.put("AWS_SECRET_ACCESS_KEY", callerSecret);
        env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /** Fails when any run printed one of the secrets, an Authorization header or a bearer token. */
    static void assertNoSecrets(List<Result> runs, Collection<String> secrets) {
        for (Result run : runs) {
            for (String secret : secrets) {
                assertThat(run.output()).as("CLI output must not contain the secret starting "
                        + secret.substring(0, Math.min(6, secret.length()))).doesNotContain(secret);
            }
            assertThat(run.output()).as("no Authorization header or bearer token in output")
                    .doesNotContainIgnoringCase("authorization").doesNotContain("Bearer");
        }
    }

    /** Runs {@code dev.iamsync.app.Main} on the test classpath, or {@code java -jar jar} when one is given. */
    static Result run(Map<String, String> environment, Path jar, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        if (jar == null) {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("dev.iamsync.app.Main");
        } else {
            command.add("-jar");
            command.add(jar.toString());
        }
        command.addAll(List.of(args));
        try {
            Path home = Files.createTempDirectory("wis-home");
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().put("HOME", home.toString());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            // One platform thread per pipe: a shared pool may run the readers one after the other, and a child
            // blocked on a full stderr pipe never finishes writing stdout.
            CompletableFuture<String> stdout = drain(process.getInputStream());
            CompletableFuture<String> stderr = drain(process.getErrorStream());
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("CLI did not finish within " + TIMEOUT + ": " + command);
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new AssertionError("could not start the CLI", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> text.complete(read(stream)));
        return text;
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e.getMessage() + ">";
        }
    }
}
