package dev.iamsync.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parameters of one query-protocol request, taken from the URL query string and the form-encoded body. */
record AwsQueryRequest(Map<String, String> parameters) {
    AwsQueryRequest {
        parameters = Map.copyOf(parameters);
    }

    static AwsQueryRequest parse(String rawQuery, String formBody) {
        Map<String, String> parameters = new LinkedHashMap<>();
        addPairs(rawQuery, parameters);
        addPairs(formBody, parameters);
        return new AwsQueryRequest(parameters);
    }

    /** The {@code Action} parameter, or null when the request names none. */
    String action() {
        return parameters.get("Action");
    }

    /** A parameter's value, or null when absent. */
    String text(String name) {
        return parameters.get(name);
    }

    /** A whole-number parameter, or null when absent; a value that is not a number is a ValidationError. */
    Integer integer(String name, String member) {
        String value = parameters.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            // AWS's exact wording for an unparsable number is not documented; the SDK never sends one.
            throw AwsServiceException.validation("Value '" + value + "' at '" + member + "' is not a valid integer");
        }
    }

    private static void addPairs(String encoded, Map<String, String> into) {
        if (encoded == null || encoded.isBlank()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            into.put(decode(name), decode(value));
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
