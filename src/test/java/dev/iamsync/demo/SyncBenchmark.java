package dev.iamsync.demo;

import dev.iamsync.emulator.AwsEmulator;
import dev.iamsync.emulator.WindmillEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Times whole {@code sync} runs of the packaged jar against the local emulators, to size the Lambda's timeout
 * and memory: {@code scripts/bench.sh [workspaces] [rolesPerWorkspace] [runs]}. The emulators answer in well
 * under a millisecond, so the figures are the tool's own cost plus HTTP on loopback, a floor for real AWS.
 */
public final class SyncBenchmark {
    private SyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int workspaces = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rolesPerWorkspace = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path jar = Path.of("target", "windmill-iam-sync.jar");
        if (!Files.isRegularFile(jar)) {
            System.err.println("error: " + jar + " not found; scripts/bench.sh builds it");
            System.exit(2);
        }
        String token = "bench-token-" + Long.toHexString(System.nanoTime());
        try (AwsEmulator aws = AwsEmulator.start(); WindmillEmulator windmill = WindmillEmulator.start(token)) {
            for (int w = 0; w < workspaces; w++) {
                windmill.addWorkspace("ws" + w);
                for (int r = 0; r < rolesPerWorkspace; r++) {
                    aws.addRole("/windmill-bench/w=ws" + w + "/", "role_" + w + "_" + r);
                }
            }
            Map<String, String> env = Map.of(
                    "WM_BASE_URL", windmill.baseUrl().toString(),
                    "WM_ALLOW_INSECURE_HTTP", "true",
                    "WM_TOKEN", token,
                    "WM_IAM_PATH_PREFIX", "/windmill-bench/",
                    "WM_LOG_LEVEL", "WARN",
                    "AWS_REGION", "us-east-1",
                    "AWS_ACCESS_KEY_ID", "AKIABENCHLOCALONLY",
                    "AWS_SECRET_ACCESS_KEY", "bench-local-only",
                    "AWS_ENDPOINT_URL", aws.endpoint().toString(),
                    "AWS_EC2_METADATA_DISABLED", "true");
            System.out.printf("%d workspaces x %d roles = %d roles, %d runs of `java -jar %s sync`%n",
                    workspaces, rolesPerWorkspace, workspaces * rolesPerWorkspace, runs, jar);
            List<Long> millis = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                long start = System.nanoTime();
                int exit = sync(jar, env);
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                millis.add(elapsed);
                System.out.printf("run %d: %d ms (exit %d, JVM start included)%n", run, elapsed, exit);
            }
            millis.sort(Long::compare);
            System.out.printf("median %d ms; AssumeRole calls %d; Windmill requests %d%n",
                    millis.get(millis.size() / 2), aws.assumeCalls().size(), windmill.requests().size());
        }
    }

    private static int sync(Path jar, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString(), "sync");
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("WM_"));
        builder.environment().putAll(env);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        return builder.start().waitFor();
    }
}
