package dev.iamsync.app;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamsync.config.ConfigException;
import dev.iamsync.events.InvalidEventException;
import dev.iamsync.log.JsonLog;
import dev.iamsync.log.Unexpected;
import dev.iamsync.sync.RunFailedException;
import dev.iamsync.sync.SyncReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The Lambda entry point. Init builds the SDK clients and reads the configuration, but fetches no secret and
 * assumes nothing, so a SnapStart snapshot holds neither. Each invocation runs a reconcile and returns its
 * report; it fails (so async retries and alarms fire) only when the whole run failed.
 */
public final class SyncHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A workspace write takes four to six Windmill requests of at most 15 s each, plus perhaps one token read:
     * one started in time can finish.
     */
    private static final Duration REPORT_MARGIN = Duration.ofSeconds(100);

    private final JsonLog log;
    private final Application app;
    private final ConfigException configProblem;

    public SyncHandler() {
        this(System.getenv(), System.err);
    }

    SyncHandler(Map<String, String> environment, PrintStream logs) {
        this.log = JsonLog.fromEnvironment(logs, environment);
        Application built = null;
        ConfigException problem = null;
        try {
            built = Application.fromEnvironment(environment, log);
        } catch (ConfigException e) {
            // Reported on every invocation, where it shows in the result and the logs, not only in init.
            problem = e;
        }
        this.app = built;
        this.configProblem = problem;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        if (configProblem != null) {
            log.error("configuration is invalid", "problems", configProblem.problems());
            throw new IllegalStateException("configuration is invalid: " + configProblem.getMessage());
        }
        SyncReport report;
        try {
            report = app.handle(readEvent(input), deadline(context));
        } catch (RunFailedException | InvalidEventException e) {
            log.error("run failed", "reason", e.getMessage());
            throw new IllegalStateException(e.getMessage());
        } catch (RuntimeException e) {
            // No cause attached: the runtime would print its message, which could quote a secret.
            log.error("run failed", "reason", Unexpected.describe(e));
            throw new IllegalStateException(Unexpected.describe(e));
        }
        output.write(JSON.writeValueAsBytes(report));
    }

    /** Leaves time to finish the writes under way and return the report before Lambda stops the function. */
    private static Instant deadline(Context context) {
        if (context == null) {
            return Instant.MAX;
        }
        return Instant.now().plusMillis(context.getRemainingTimeInMillis()).minus(REPORT_MARGIN);
    }

    private static JsonNode readEvent(InputStream input) throws IOException {
        byte[] payload = input.readAllBytes();
        if (payload.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("the invocation payload is not JSON");
        }
    }
}
