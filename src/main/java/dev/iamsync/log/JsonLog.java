package dev.iamsync.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes one JSON object per line: timestamp, level, message, then typed fields. Callers pass identifiers
 * only (workspace, role, ARN, error code, counts); no secret, token, header or body ever reaches a log line.
 */
public final class JsonLog {
    private static final String LEVEL_VARIABLE = "WM_LOG_LEVEL";
    private static final String LAMBDA_LEVEL_VARIABLE = "AWS_LAMBDA_LOG_LEVEL";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Severity, lowest first. */
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private final PrintStream out;
    private final Level threshold;
    private final Clock clock;

    public JsonLog(PrintStream out, Level threshold, Clock clock) {
        this.out = out;
        this.threshold = threshold;
        this.clock = clock;
    }

    /**
     * A log on {@code out} whose threshold comes from {@code WM_LOG_LEVEL}, else Lambda's
     * {@code AWS_LAMBDA_LOG_LEVEL}, else INFO. An unknown level name means INFO.
     */
    public static JsonLog fromEnvironment(PrintStream out, Map<String, String> environment) {
        String name = Optional.ofNullable(environment.get(LEVEL_VARIABLE))
                .or(() -> Optional.ofNullable(environment.get(LAMBDA_LEVEL_VARIABLE)))
                .orElse("INFO")
                .strip()
                .toUpperCase(Locale.ROOT);
        return new JsonLog(out, parseLevel(name), Clock.systemUTC());
    }

    private static Level parseLevel(String name) {
        return switch (name) {
            case "TRACE", "DEBUG" -> Level.DEBUG;
            case "WARN", "WARNING" -> Level.WARN;
            case "ERROR", "FATAL" -> Level.ERROR;
            default -> Level.INFO;
        };
    }

    public void debug(String message, Object... fields) {
        write(Level.DEBUG, message, fields);
    }

    public void info(String message, Object... fields) {
        write(Level.INFO, message, fields);
    }

    public void warn(String message, Object... fields) {
        write(Level.WARN, message, fields);
    }

    public void error(String message, Object... fields) {
        write(Level.ERROR, message, fields);
    }

    /** Fields come as name, value pairs; a null value is left out. */
    private void write(Level level, String message, Object... fields) {
        if (level.compareTo(threshold) < 0) {
            return;
        }
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("log fields must come in name, value pairs");
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("timestamp", clock.instant().toString());
        line.put("level", level.name());
        line.put("message", message);
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i + 1] != null) {
                line.set(String.valueOf(fields[i]), JSON.valueToTree(fields[i + 1]));
            }
        }
        String text;
        try {
            text = JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            text = "{\"level\":\"ERROR\",\"message\":\"log line could not be written\"}";
        }
        synchronized (out) {
            out.println(text);
        }
    }
}
