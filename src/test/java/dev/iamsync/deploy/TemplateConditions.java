package dev.iamsync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Evaluates a template's Conditions for given parameter values, for tests. It knows the functions
 * template.yaml uses (Fn::Or, Fn::And, Fn::Not, Fn::Equals, Condition, Ref, Fn::Join) and throws on others.
 * Pseudo parameters such as {@code AWS::Region} are passed like parameters; a list parameter is passed as
 * its comma-separated text.
 */
final class TemplateConditions {
    private final JsonNode conditions;
    private final Map<String, String> parameters;

    private TemplateConditions(JsonNode conditions, Map<String, String> parameters) {
        this.conditions = conditions;
        this.parameters = Map.copyOf(parameters);
    }

    /**
     * The value of condition {@code name}.
     *
     * @throws IllegalArgumentException for an unknown condition, a parameter without value or an unknown function
     */
    static boolean evaluate(JsonNode conditions, String name, Map<String, String> parameters) {
        return new TemplateConditions(conditions, parameters).condition(name);
    }

    private boolean condition(String name) {
        JsonNode definition = conditions.get(name);
        if (definition == null) {
            throw new IllegalArgumentException("the template defines no condition " + name);
        }
        return test(definition);
    }

    private boolean test(JsonNode node) {
        Map.Entry<String, JsonNode> function = onlyField(node);
        JsonNode arguments = function.getValue();
        return switch (function.getKey()) {
            case "Fn::Or" -> elements(arguments).stream().anyMatch(this::test);
            case "Fn::And" -> elements(arguments).stream().allMatch(this::test);
            case "Fn::Not" -> !test(arguments.get(0));
            case "Fn::Equals" -> value(arguments.get(0)).equals(value(arguments.get(1)));
            case "Condition" -> condition(arguments.asText());
            default -> throw new IllegalArgumentException("unsupported condition function " + function.getKey());
        };
    }

    private String value(JsonNode node) {
        if (node.isValueNode()) {
            return node.asText();
        }
        Map.Entry<String, JsonNode> function = onlyField(node);
        return switch (function.getKey()) {
            case "Ref" -> parameter(function.getValue().asText());
            case "Fn::Join" -> join(function.getValue());
            default -> throw new IllegalArgumentException("unsupported value function " + function.getKey());
        };
    }

    private String join(JsonNode arguments) {
        JsonNode list = arguments.get(1);
        List<String> items = new ArrayList<>();
        if (list.isArray()) {
            list.forEach(item -> items.add(value(item)));
        } else {
            items.addAll(List.of(value(list).split(",", -1)));
        }
        return String.join(arguments.get(0).asText(), items);
    }

    private String parameter(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no value given for parameter " + name);
        }
        return value;
    }

    private static Map.Entry<String, JsonNode> onlyField(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("expected a single intrinsic function, got " + node);
        }
        return node.properties().iterator().next();
    }

    private static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
