package dev.iamsync.emulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** One received request, read fully, with the query string parsed and the route's path parameters. */
final class WindmillExchange {

    private static final String BEARER = "Bearer ";
    private static final BigInteger USIZE_MAX = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);

    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Map<String, String> query;
    private Map<String, String> params = Map.of();

    private WindmillExchange(
            String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        this.rawPath = rawPath;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.body = body;
        this.query = parseQuery(rawQuery);
    }

    static WindmillExchange read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return new WindmillExchange(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                rawQuery == null ? "" : rawQuery, headers, body);
    }

    WindmillEmulator.Request toRequest() {
        Map<String, String> flat = new LinkedHashMap<>();
        headers.forEach((name, values) -> flat.put(name, String.join(", ", values)));
        return new WindmillEmulator.Request(method, rawPath, rawQuery, flat, bodyText());
    }

    String method() {
        return method;
    }

    String rawPath() {
        return rawPath;
    }

    String rawQuery() {
        return rawQuery;
    }

    byte[] body() {
        return body;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    Optional<String> header(String lowerCaseName) {
        List<String> values = headers.getOrDefault(lowerCaseName, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The token as the server looks for it: Bearer header (case-sensitive prefix), then cookie, then query. */
    Optional<String> token() {
        Optional<String> bearer = header("authorization")
                .filter(value -> value.startsWith(BEARER))
                .map(value -> value.substring(BEARER.length()));
        if (bearer.isPresent()) {
            return bearer;
        }
        Optional<String> cookie = header("cookie").flatMap(WindmillExchange::tokenCookie);
        return cookie.isPresent() ? cookie : query("token");
    }

    Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** A {@code bool} query field as serde_urlencoded reads it; anything but true/false is a 400. */
    boolean queryBoolean(String name, boolean fallback) {
        Optional<String> value = query(name);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw queryRejection("provided string was not `true` or `false`");
        };
    }

    /** A {@code usize} query field; values beyond {@code Long.MAX_VALUE} saturate. */
    OptionalLong queryCount(String name) {
        Optional<String> value = query(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        String digits = value.get();
        if (digits.isEmpty()) {
            throw queryRejection("cannot parse integer from empty string");
        }
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw queryRejection("invalid digit found in string");
        }
        BigInteger number = new BigInteger(digits);
        if (number.compareTo(USIZE_MAX) > 0) {
            throw queryRejection("number too large to fit in target type");
        }
        return OptionalLong.of(number.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact());
    }

    String param(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return value;
    }

    void params(Map<String, String> routeParams) {
        this.params = Map.copyOf(routeParams);
    }

    private static WindmillHttpError queryRejection(String message) {
        return WindmillHttpError.rejection(400, "Failed to deserialize query string: " + message);
    }

    private static Optional<String> tokenCookie(String cookieHeader) {
        for (String cookie : cookieHeader.split(";")) {
            String trimmed = cookie.trim();
            if (trimmed.startsWith("token=")) {
                return Optional.of(trimmed.substring("token=".length()));
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = formDecode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : formDecode(pair.substring(equals + 1));
            parsed.putIfAbsent(name, value);
        }
        return parsed;
    }

    private static String formDecode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return raw;
        }
    }

    /** Percent-decodes one captured path piece; unlike a form value, '+' stays '+'. */
    static String pathDecode(String raw) {
        return formDecode(raw.replace("+", "%2B"));
    }
}
