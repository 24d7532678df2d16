package dev.iamsync.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.iamsync.config.ConfigException;
import dev.iamsync.events.InvalidEventException;
import dev.iamsync.log.JsonLog;
import dev.iamsync.log.Unexpected;
import dev.iamsync.sync.RunFailedException;
import dev.iamsync.sync.SyncReport;
import dev.iamsync.sync.Trigger;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code sync}, {@code plan} and {@code invoke EVENT.json}. The report goes to stdout as JSON,
 * logs go to stderr as JSON lines. Exit codes: 0 all good, 1 some role or workspace failed, 2 the run could not
 * start (configuration, authentication, or Windmill or IAM unreachable).
 */
public final class Main {
    static final int OK = 0;
    static final int PARTIAL = 1;
    static final int FAILED = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> COMMANDS = List.of("sync", "plan", "invoke");
    private static final String USAGE = """
            usage: windmill-iam-sync <command>
              sync               refresh every workspace's credentials variable once
              plan               show which roles each workspace would get, and which are skipped; changes nothing
              invoke EVENT.json  handle an EventBridge event exactly as the Lambda does
            Configuration (environment variables):
              WM_BASE_URL           Windmill base URL, https://... (required)
              WM_TOKEN              Windmill superadmin token, or
              WM_TOKEN_SECRET_ID    the Secrets Manager secret holding it
              WM_IAM_PATH_PREFIX    IAM path prefix of the workspace roles, e.g. /windmill-stage/ (required)
              WM_FOLDER, WM_VARIABLE, WM_SESSION_DURATION_SECONDS, WM_ASSUME_CONCURRENCY, WM_LOG_LEVEL,
              WM_ALLOW_INSECURE_HTTP, and the AWS SDK's own (AWS_REGION, credentials, AWS_ENDPOINT_URL...)
            Exit codes: 0 all good, 1 some role or workspace failed, 2 the run could not start.""";

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    Main(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.getenv(), System.out, System.err).run(List.of(args)));
    }

    int run(List<String> args) {
        if (args.size() == 1 && List.of("help", "--help", "-h").contains(args.get(0))) {
            out.println(USAGE);
            return OK;
        }
        if (args.isEmpty() || !COMMANDS.contains(args.get(0))) {
            err.println((args.isEmpty() ? "no command given" : "unknown command '" + args.get(0) + "'") + "\n"
                    + USAGE);
            return FAILED;
        }
        if (args.get(0).equals("invoke") != (args.size() == 2) || args.size() > 2) {
            err.println("'" + args.get(0) + "' takes " + (args.get(0).equals("invoke") ? "one event file" : "no")
                    + " argument" + "\n" + USAGE);
            return FAILED;
        }
        JsonLog log = JsonLog.fromEnvironment(err, environment);
        String command = args.get(0);
        String startedAt = Instant.now().toString();
        try {
            JsonNode event = command.equals("invoke") ? readEvent(Path.of(args.get(1))) : null;
            try (Application app = Application.fromEnvironment(environment, log)) {
                return switch (command) {
                    case "plan" -> print(app.plan(), OK);
                    case "invoke" -> printReport(app.handle(event, Instant.MAX));
                    default -> printReport(app.sync(Trigger.of("cli")));
                };
            }
        } catch (ConfigException e) {
            log.error("configuration is invalid", "problems", e.problems());
            return print(SyncReport.failed(modeOf(command), "cli", startedAt, 0,
                    "configuration is invalid: " + e.getMessage()), FAILED);
        } catch (RunFailedException | InvalidEventException e) {
            log.error("run failed", "reason", e.getMessage());
            return print(SyncReport.failed(modeOf(command), "cli", startedAt, 0, e.getMessage()), FAILED);
        } catch (RuntimeException e) {
            log.error("run failed", "reason", Unexpected.describe(e));
            return print(SyncReport.failed(modeOf(command), "cli", startedAt, 0, Unexpected.describe(e)), FAILED);
        }
    }

    private static String modeOf(String command) {
        return command.equals("plan") ? "plan" : "sync";
    }

    private JsonNode readEvent(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidEventException("cannot read event file '" + file + "' (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        try {
            JsonNode event = JSON.readTree(text);
            if (event == null || !event.isObject()) {
                throw new InvalidEventException("event file '" + file + "' does not hold a JSON object; an"
                        + " EventBridge event, or {} for a plain run, is expected");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("event file '" + file + "' is not one JSON document (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    private int printReport(SyncReport report) {
        return print(report, report.isClean() ? OK : PARTIAL);
    }

    private int print(Object report, int exitCode) {
        try {
            out.println(JSON.writeValueAsString(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report could not be written as JSON", e);
        }
        out.flush();
        return exitCode;
    }
}
