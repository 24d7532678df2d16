package dev.iamsync.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * One answer of the emulator. An empty {@code contentType} means no Content-Type header, and an empty
 * {@code body} means no body.
 */
record WindmillResponse(int status, String contentType, String body) {

    /** What axum sends for a plain {@code String} answer and for its own extractor rejections. */
    static final String TEXT = "text/plain; charset=utf-8";

    /** What Windmill's error type sends: no charset parameter. */
    static final String ERROR_TEXT = "text/plain";

    static final String JSON = "application/json";

    static final ObjectMapper MAPPER = new ObjectMapper();

    WindmillResponse {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    static WindmillResponse text(int status, String body) {
        return new WindmillResponse(status, TEXT, body);
    }

    static WindmillResponse json(int status, JsonNode json) {
        return new WindmillResponse(status, JSON, write(json));
    }

    static WindmillResponse jsonString(String value) {
        return new WindmillResponse(200, JSON, write(MAPPER.getNodeFactory().textNode(value)));
    }

    static WindmillResponse jsonBoolean(boolean value) {
        return new WindmillResponse(200, JSON, Boolean.toString(value));
    }

    static WindmillResponse empty(int status) {
        return new WindmillResponse(status, "", "");
    }

    /** Windmill's error shape, {@code <Kind>: <message>} as text/plain. */
    static WindmillResponse error(int status, String kind, String message) {
        return new WindmillResponse(status, ERROR_TEXT, kind + ": " + message);
    }

    private static String write(JsonNode json) {
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
