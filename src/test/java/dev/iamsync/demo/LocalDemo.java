package dev.iamsync.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamsync.emulator.AwsEmulator;
import dev.iamsync.emulator.WindmillEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A complete local sync with no AWS account: starts the project's IAM/STS/Secrets Manager and Windmill emulators
 * on 127.0.0.1, seeds a few realistic roles and workspaces, runs the packaged CLI's {@code plan} and {@code sync}
 * against them, and prints the report and the resulting variables with secrets masked.
 */
public final class LocalDemo {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String PREFIX = "/windmill-demo/";
    private static final String VARIABLE = "f/aws/iam";

    private LocalDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/windmill-iam-sync.jar");
        if (!Files.isRegularFile(jar)) {
            System.err.println("error: " + jar + " not found; build it first (scripts/demo.sh does)");
            System.exit(2);
        }
        String token = "demo-superadmin-token-" + Long.toHexString(System.nanoTime());
        try (AwsEmulator aws = AwsEmulator.start(); WindmillEmulator windmill = WindmillEmulator.start(token)) {
            seed(aws, windmill, token);
            Map<String, String> env = Map.of(
                    "WM_BASE_URL", windmill.baseUrl().toString(),
                    "WM_ALLOW_INSECURE_HTTP", "true",
                    "WM_TOKEN_SECRET_ID", aws.secretArn("windmill/superadmin-token"),
                    "WM_IAM_PATH_PREFIX", PREFIX,
                    "AWS_REGION", "us-east-1",
                    "AWS_ACCESS_KEY_ID", "AKIADEMOLOCALONLY",
                    "AWS_SECRET_ACCESS_KEY", "demo-local-only",
                    "AWS_ENDPOINT_URL", aws.endpoint().toString(),
                    "AWS_EC2_METADATA_DISABLED", "true");

            heading("Emulators on 127.0.0.1: AWS at " + aws.endpoint() + ", Windmill at " + windmill.baseUrl());
            System.out.println("IAM roles seeded under " + PREFIX + " and around it:");
            List.of("/windmill-demo/w=infra/ec2_ro", "/windmill-demo/w=infra/s3_rw",
                    "/windmill-demo/team=bi/w=data/athena_ro",
                    "/windmill-demo/w=data/locked   (trust policy denies)",
                    "/windmill-demo/w=retired/legacy   (workspace archived)",
                    "/windmill-demo/unsorted/orphan   (no w=)",
                    "/windmill-demo-evil/w=infra/sneaky   (outside the prefix)")
                    .forEach(line -> System.out.println("  " + line));
            System.out.println("Windmill: workspaces infra, data, analytics, retired (archived);"
                    + " data holds a plain (not secret) variable in the original helper's format, analytics a"
                    + " stale one of ours.");
            System.out.println("Environment given to the CLI (the token itself lives in the emulated Secrets"
                    + " Manager):");
            new TreeMap<>(env).forEach((name, value) -> System.out.println("  " + name + "="
                    + (name.contains("SECRET_ACCESS") ? "**** (a dummy: the emulator only checks requests are signed)"
                    : value)));

            heading("$ java -jar " + jar + " plan");
            run(jar, env, "plan");
            heading("$ java -jar " + jar + " sync");
            int exit = run(jar, env, "sync");
            System.out.println("(exit code " + exit + ": some role failed, here 'locked', whose trust policy"
                    + " denies us)");

            heading("Windmill variables after the sync (secrets masked)");
            System.out.println("data's variable was adopted: it is secret now, and athena_ro holds fresh credentials;"
                    + " analytics has no role left, so it holds {}.");
            for (String workspace : List.of("infra", "data", "analytics")) {
                windmill.variable(workspace, VARIABLE).ifPresent(variable -> {
                    System.out.println("workspace " + workspace + ", " + VARIABLE + " (secret: " + variable.isSecret()
                            + ")");
                    System.out.println(masked(variable.value()));
                });
            }
            System.out.println("\nA script reads it with: json.loads(wmill.get_variable(\"f/aws/iam\"))"
                    + "[\"ec2_ro\"][\"Credentials\"]");
        }
    }

    private static void seed(AwsEmulator aws, WindmillEmulator windmill, String token) {
        aws.putSecret("windmill/superadmin-token", "{\"token\": \"" + token + "\"}");
        aws.addRole("/windmill-demo/w=infra/", "ec2_ro")
                .addRole("/windmill-demo/w=infra/", "s3_rw")
                .addRole("/windmill-demo/team=bi/w=data/", "athena_ro")
                .addRole("/windmill-demo/w=data/", "locked")
                .addRole("/windmill-demo/w=retired/", "legacy")
                .addRole("/windmill-demo/unsorted/", "orphan")
                .addRole("/windmill-demo-evil/w=infra/", "sneaky");
        aws.denyAssume("locked");
        windmill.addWorkspace("infra").addWorkspace("data").addWorkspace("analytics").addArchivedWorkspace("retired");
        windmill.putVariable("data", VARIABLE, "{\"athena_ro\": {\"Credentials\": {\"AccessKeyId\": \"ASIAOLDHELPER\","
                + " \"SecretAccessKey\": \"old\", \"SessionToken\": \"old\", \"Expiration\": \"2023-01-09"
                + " 17:53:49+00:00\"}, \"ResponseMetadata\": {\"HTTPStatusCode\": 200}}}", false, "");
        windmill.putVariable("analytics", VARIABLE, "{\"gone\": {\"Credentials\": {\"AccessKeyId\": \"ASIAGONE\","
                + " \"SecretAccessKey\": \"x\", \"SessionToken\": \"x\", \"Expiration\": \"2026-01-01T00:00:00Z\"}}}",
                true, "[managed-by: windmill-iam-sync]");
    }

    private static int run(Path jar, Map<String, String> env, String command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), command));
        ProcessBuilder builder = new ProcessBuilder(cmd).inheritIO();
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("WM_"));
        builder.environment().putAll(env);
        return builder.start().waitFor();
    }

    private static String masked(String value) {
        try {
            JsonNode blob = JSON.readTree(value);
            for (Iterator<JsonNode> it = blob.elements(); it.hasNext(); ) {
                JsonNode credentials = it.next().path("Credentials");
                if (credentials instanceof ObjectNode fields) {
                    for (String secret : List.of("SecretAccessKey", "SessionToken")) {
                        int length = fields.path(secret).asText().length();
                        fields.put(secret, "**** (" + length + " characters)");
                    }
                }
            }
            return JSON.writeValueAsString(blob);
        } catch (IOException e) {
            return "<not JSON>";
        }
    }

    private static void heading(String text) {
        System.out.println("\n=== " + text);
        System.out.flush();
    }
}
