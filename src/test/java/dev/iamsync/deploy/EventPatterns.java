package dev.iamsync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;

/**
 * Matches events against an EventBridge pattern, for tests. It knows exact values, {@code prefix},
 * {@code exists} and {@code $or}, which is all template.yaml uses, and throws on any other operator. It is
 * not EventBridge: a pattern it accepts could still be refused by AWS.
 */
final class EventPatterns {
    private static final String OR = "$or";

    private EventPatterns() {
    }

    /** Whether {@code event} matches {@code pattern}, as EventBridge would decide for this subset. */
    static boolean matches(JsonNode pattern, JsonNode event) {
        for (Map.Entry<String, JsonNode> field : pattern.properties()) {
            boolean matched = field.getKey().equals(OR)
                    ? anyMatches(field.getValue(), event)
                    : fieldMatches(field.getValue(), event.path(field.getKey()));
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    /**
     * A copy of a template fragment with every {@code {"Ref": name}} replaced by that parameter's value.
     *
     * @throws IllegalArgumentException when a referenced parameter has no value in {@code parameters}
     */
    static JsonNode withParameters(JsonNode node, Map<String, String> parameters) {
        if (node.isObject() && node.size() == 1 && node.has("Ref")) {
            String name = node.get("Ref").asText();
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("no value given for parameter " + name);
            }
            return TextNode.valueOf(parameters.get(name));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(field -> copy.set(field.getKey(), withParameters(field.getValue(), parameters)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(withParameters(element, parameters)));
            return copy;
        }
        return node;
    }

    private static boolean anyMatches(JsonNode alternatives, JsonNode event) {
        for (JsonNode alternative : alternatives) {
            if (matches(alternative, event)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fieldMatches(JsonNode rule, JsonNode value) {
        if (rule.isObject()) {
            return matches(rule, value);
        }
        for (JsonNode allowed : rule) {
            if (valueMatches(allowed, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean valueMatches(JsonNode allowed, JsonNode value) {
        if (allowed.has("exists")) {
            return allowed.get("exists").asBoolean() != value.isMissingNode();
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (valueMatches(allowed, element)) {
                    return true;
                }
            }
            return false;
        }
        if (allowed.has("prefix")) {
            return value.isTextual() && value.asText().startsWith(allowed.get("prefix").asText());
        }
        if (allowed.isContainerNode()) {
            throw new IllegalArgumentException("pattern operator not supported by this test matcher: " + allowed);
        }
        return allowed.equals(value);
    }
}
