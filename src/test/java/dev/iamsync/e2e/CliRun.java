package dev.iamsync.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
