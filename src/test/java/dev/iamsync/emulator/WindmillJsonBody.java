package dev.iamsync.emulator;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a request body the way axum's {@code Json<T>} extractor does for a serde struct: 415 without a JSON
 * content type, 400 for a syntax error, 422 for a wrong type, a duplicate known field or a missing required
 * field. Unknown fields are ignored and {@code null} counts as absent for optional fields, as serde does.
 * Messages follow serde_json's wording; line and column are exact for a missing field, approximate otherwise.
 */
final class WindmillJsonBody {

    /** The Rust type of a struct field, named as serde names it in "expected ..." messages. */
    enum Kind {
        STRING("a string"), BOOLEAN("a boolean"), I32("i32"), STRING_LIST("a sequence"), ANY("any value");

        private final String expected;

        Kind(String expected) {
            this.expected = expected;
        }
    }

    record Field(String name, Kind kind, boolean required) {
        static Field required(String name, Kind kind) {
            return new Field(name, kind, true);
        }

        static Field optional(String name, Kind kind) {
            return new Field(name, kind, false);
        }
    }

    private WindmillJsonBody() {
    }

    /** Parses the body into an object holding every field sent, checked against {@code fields}. */
    static ObjectNode read(WindmillExchange exchange, String structName, List<Field> fields) {
        requireJsonContentType(exchange);
        try (JsonParser parser = WindmillResponse.MAPPER.createParser(exchange.body())) {
            ObjectNode object = readStruct(parser, structName, fields);
            if (parser.nextToken() != null) {
                throw syntaxError("trailing characters", parser.currentLocation());
            }
            return object;
        } catch (JsonProcessingException e) {
            throw syntaxError(e.getOriginalMessage().lines().findFirst().orElse("invalid JSON"), e.getLocation());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<String> string(ObjectNode body, String name) {
        return present(body, name).map(JsonNode::textValue);
    }

    static Optional<Boolean> bool(ObjectNode body, String name) {
        return present(body, name).map(JsonNode::booleanValue);
    }

    static Optional<List<String>> strings(ObjectNode body, String name) {
        return present(body, name).map(list -> {
            List<String> values = new ArrayList<>();
            list.forEach(item -> values.add(item.textValue()));
            return List.copyOf(values);
        });
    }

    static Optional<JsonNode> present(ObjectNode body, String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private static void requireJsonContentType(WindmillExchange exchange) {
        boolean json = exchange.header("content-type")
                .map(value -> value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
                .filter(mime -> mime.equals("application/json")
                        || mime.startsWith("application/") && mime.endsWith("+json"))
                .isPresent();
        if (!json) {
            throw WindmillHttpError.rejection(415, "Expected request with `Content-Type: application/json`");
        }
    }

    private static ObjectNode readStruct(JsonParser parser, String structName, List<Field> fields)
            throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw syntaxError("EOF while parsing a value", parser.currentLocation());
        }
        if (first != JsonToken.START_OBJECT) {
            JsonNode value = readValue(parser);
            throw dataError("", unexpected(value) + ", expected struct " + structName, parser.currentLocation());
        }
        Map<String, Field> known = new LinkedHashMap<>();
        fields.forEach(field -> known.put(field.name(), field));
        ObjectNode object = WindmillResponse.MAPPER.createObjectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            JsonNode value = readValue(parser);
            Field field = known.get(name);
            if (field != null) {
                if (object.has(name)) {
                    throw dataError("", "duplicate field `" + name + "`", parser.currentLocation());
                }
                checkType(field, value, parser.currentLocation());
            }
            object.set(name, value);
        }
        for (Field field : fields) {
            if (field.required() && !object.has(field.name())) {
                throw dataError("", "missing field `" + field.name() + "`", parser.currentLocation());
            }
        }
        return object;
    }

    private static JsonNode readValue(JsonParser parser) throws IOException {
        JsonNode value = WindmillResponse.MAPPER.readTree(parser);
        return value == null ? NullNode.getInstance() : value;
    }

    private static void checkType(Field field, JsonNode value, JsonLocation at) {
        if (value.isNull() && !field.required() || field.kind() == Kind.ANY) {
            return;
        }
        boolean matches = switch (field.kind()) {
            case STRING -> value.isTextual();
            case BOOLEAN -> value.isBoolean();
            case I32 -> value.isIntegralNumber();
            case STRING_LIST -> value.isArray();
            case ANY -> true;
        };
        if (!matches) {
            throw dataError(field.name(), unexpected(value) + ", expected " + field.kind().expected, at);
        }
        if (field.kind() == Kind.I32 && !value.canConvertToInt()) {
            throw dataError(field.name(), "invalid value: integer `" + value + "`, expected i32", at);
        }
        if (field.kind() == Kind.STRING_LIST) {
            for (int i = 0; i < value.size(); i++) {
                if (!value.get(i).isTextual()) {
                    String element = field.name() + "[" + i + "]";
                    throw dataError(element, unexpected(value.get(i)) + ", expected a string", at);
                }
            }
        }
    }

    /** serde's "invalid type: ..." description of the value that was found. */
    private static String unexpected(JsonNode value) {
        String found = switch (value.getNodeType()) {
            case NULL, MISSING -> "null";
            case BOOLEAN -> "boolean `" + value.booleanValue() + "`";
            case NUMBER -> (value.isIntegralNumber() ? "integer `" : "floating point `") + value + "`";
            case STRING -> "string " + value;
            case ARRAY -> "sequence";
            default -> "map";
        };
        return "invalid type: " + found;
    }

    private static WindmillHttpError syntaxError(String message, JsonLocation at) {
        return WindmillHttpError.rejection(400,
                "Failed to parse the request body as JSON: " + message + position(at));
    }

    private static WindmillHttpError dataError(String fieldPath, String message, JsonLocation at) {
        String prefix = fieldPath.isEmpty() ? "" : fieldPath + ": ";
        return WindmillHttpError.rejection(422,
                "Failed to deserialize the JSON body into the target type: " + prefix + message + position(at));
    }

    /** serde reports the last character consumed; Jackson's location points just past it. */
    private static String position(JsonLocation at) {
        if (at == null) {
            return "";
        }
        return " at line " + Math.max(at.getLineNr(), 1) + " column " + Math.max(at.getColumnNr() - 1, 0);
    }
}
