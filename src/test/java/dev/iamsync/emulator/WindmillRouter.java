package dev.iamsync.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches a raw request path against patterns such as {@code /api/w/{workspace}/variables/get/{*path}}, the
 * way axum's router does: exact segments, {@code {name}} for one non-empty segment, {@code {*name}} for the
 * non-empty rest (slashes included). Captured values are percent-decoded.
 */
final class WindmillRouter {

    /** What a route requires before its handler runs. */
    enum Access { PUBLIC, TOKEN, WORKSPACE }

    @FunctionalInterface
    interface Handler {
        WindmillResponse handle(WindmillExchange exchange);
    }

    record Route(String method, List<String> segments, Access access, Handler handler) {
        Route {
            segments = List.copyOf(segments);
        }
    }

    private final List<Route> routes = new ArrayList<>();

    WindmillRouter add(String method, String pattern, Access access, Handler handler) {
        routes.add(new Route(method, Arrays.asList(pattern.split("/", -1)), access, handler));
        return this;
    }

    /**
     * Finds the route for the exchange and stores its parameters in it. Empty when no pattern matches the path;
     * throws a 405 (empty body, as axum) when a pattern matches but only for other methods.
     */
    Optional<Route> find(WindmillExchange exchange) {
        String[] actual = exchange.rawPath().split("/", -1);
        boolean pathMatched = false;
        for (Route route : routes) {
            Optional<Map<String, String>> params = match(route.segments(), actual);
            if (params.isEmpty()) {
                continue;
            }
            if (route.method().equals(exchange.method())) {
                exchange.params(params.get());
                return Optional.of(route);
            }
            pathMatched = true;
        }
        if (pathMatched) {
            throw new WindmillHttpError(WindmillResponse.empty(405));
        }
        return Optional.empty();
    }

    private static Optional<Map<String, String>> match(List<String> pattern, String[] actual) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String expected = pattern.get(i);
            if (expected.startsWith("{*")) {
                String rest = i < actual.length ? String.join("/", Arrays.copyOfRange(actual, i, actual.length)) : "";
                return capture(params, expected.substring(2, expected.length() - 1), rest);
            }
            if (i >= actual.length) {
                return Optional.empty();
            }
            if (expected.startsWith("{")) {
                if (capture(params, expected.substring(1, expected.length() - 1), actual[i]).isEmpty()) {
                    return Optional.empty();
                }
            } else if (!expected.equals(actual[i])) {
                return Optional.empty();
            }
        }
        return pattern.size() == actual.length ? Optional.of(params) : Optional.empty();
    }

    private static Optional<Map<String, String>> capture(Map<String, String> params, String name, String raw) {
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        params.put(name, WindmillExchange.pathDecode(raw));
        return Optional.of(params);
    }
}
