package dev.iamsync.app;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamsync.config.ConfigException;
import dev.iamsync.log.JsonLog;
import dev.iamsync.sync.RunFailedException;
import dev.iamsync.sync.SyncReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The Lambda entry point. Init builds the SDK clients and reads the configuration, but fetches no secret and
 * assumes nothing, so a SnapStart snapshot holds neither. Each invocation runs a reconcile and returns its
 * report; it fails (so async retries and alarms fire) only when the whole run failed.
 */
public final class SyncHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonLog log;
    private final Application app;
    private final ConfigException configProblem;

    public SyncHandler() {
        this(System.getenv());
    }

    SyncHandler(Map<String, String> environment) {
        this.log = JsonLog.fromEnvironment(System.err, environment);
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
        JsonNode event;
        try {
            event = JSON.readTree(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the invocation payload is not JSON");
        }
        SyncReport report;
        try {
            report = app.handle(event == null ? JSON.createObjectNode() : event);
        } catch (RunFailedException e) {
            log.error("run failed", "reason", e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
        output.write(JSON.writeValueAsBytes(report));
    }
}
