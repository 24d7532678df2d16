package dev.iamsync.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A local emulator of IAM {@code ListRoles}, STS {@code AssumeRole} and Secrets Manager {@code GetSecretValue} on
 * one HTTP endpoint at 127.0.0.1. Requests are routed by the signing service in the SigV4 credential scope, so one
 * URL serves all three services (as {@code AWS_ENDPOINT_URL} does); an unsigned request gets 403.
 *
 * <p>All methods are thread-safe. AssumeRole faults are keyed by role name (the last segment of the requested ARN)
 * and each failing attempt uses up one of the injected {@code times}. Limitations: signatures are not verified (the
 * emulator does not know the caller's secret key), presigned query-string auth is not accepted, and other actions
 * of the three services answer InvalidAction or UnknownOperationException.
 */
public final class AwsEmulator implements AutoCloseable {
    public static final String ACCOUNT_ID = "111122223333";
    public static final String REGION = "us-east-1";
    /** The identity AssumeRole runs as: a Lambda function's execution-role session, as in AccessDenied messages. */
    public static final String CALLER_ARN = "arn:aws:sts::" + ACCOUNT_ID + ":assumed-role/hub/windmill-iam-sync";

    private static final String HUB_ROLE_ARN = "arn:aws:iam::" + ACCOUNT_ID + ":role/hub";
    private static final String IAM_VERSION = "2010-05-08";
    private static final String STS_VERSION = "2011-06-15";
    private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.1";

    /**
     * One AssumeRole attempt as received. {@code roleArn} and {@code sessionName} are null when the request lacked
     * them, {@code durationSeconds} is null when omitted, and {@code errorCode} is null when the attempt succeeded.
     */
    public record AssumeCall(String roleArn, String sessionName, Integer durationSeconds, boolean succeeded,
                             String errorCode) {
    }

    /**
     * One HTTP request as received: the signing service (guessed from the action when unsigned), the action,
     * method, path, headers with lower-case names (repeated headers joined with a comma) and the body.
     */
    public record Request(String service, String action, String method, String path, Map<String, String> headers,
                          String body) {
        public Request {
            headers = Map.copyOf(headers);
        }
    }

    private record Response(int status, String contentType, Map<String, String> headers, String body) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final AwsRandomTokens tokens = new AwsRandomTokens();
    private final Set<String> issuedSecrets = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new ArrayList<>();
    private final AwsRoleStore roles = new AwsRoleStore(ACCOUNT_ID, tokens);
    private final AwsIamService iam = new AwsIamService(roles, HUB_ROLE_ARN);
    private final AwsStsService sts = new AwsStsService(roles, tokens, issuedSecrets, ACCOUNT_ID, CALLER_ARN);
    private final AwsSecretsService secrets = new AwsSecretsService(tokens, issuedSecrets, REGION, ACCOUNT_ID, json);
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final HttpServer server;

    private AwsEmulator() throws IOException {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        server.createContext("/", this::exchange);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts an emulator on 127.0.0.1 at a free port; close it to stop the server. */
    public static AwsEmulator start() {
        try {
            return new AwsEmulator();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the AWS emulator on 127.0.0.1", e);
        }
    }

    /** The base URL for every service, e.g. {@code http://127.0.0.1:43121}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The ARN of a role with this path and name, as IAM builds it: the path (minus its leading slash) included. */
    public String roleArn(String path, String name) {
        return AwsRole.arnOf(ACCOUNT_ID, path, name);
    }

    /** Adds a role with MaxSessionDuration 3600; names are unique ignoring case. */
    public AwsEmulator addRole(String path, String name) {
        return addRole(path, name, 3600);
    }

    /** Adds a role; throws IllegalArgumentException for an invalid path, name or duration, or a taken name. */
    public AwsEmulator addRole(String path, String name, int maxSessionDurationSeconds) {
        roles.add(path, name, maxSessionDurationSeconds);
        return this;
    }

    /** Removes a role (name matched ignoring case); throws IllegalArgumentException when there is none. */
    public void removeRole(String name) {
        roles.remove(name);
    }

    /** Every AssumeRole on this role name answers AccessDenied until {@link #clearAssumeFaults} is called. */
    public void denyAssume(String roleName) {
        sts.deny(roleName, AwsFaultPlan.FOREVER);
    }

    /**
     * The next {@code times} AssumeRole attempts on the role answer AccessDenied, like a role IAM has not yet
     * propagated after CreateRole; later attempts succeed.
     */
    public void denyAssumeTimes(String roleName, int times) {
        sts.deny(roleName, times);
    }

    /** The next {@code times} AssumeRole attempts on the role name answer 400 Throttling "Rate exceeded". */
    public void throttleAssume(String roleName, int times) {
        sts.throttle(roleName, times);
    }

    /**
     * The next {@code times} AssumeRole attempts on the role name answer {@code httpStatus} (5xx only) with the code
     * STS uses for it: 503 ServiceUnavailable, any other InternalFailure.
     */
    public void failAssume(String roleName, int times, int httpStatus) {
        if (httpStatus < 500 || httpStatus > 599) {
            throw new IllegalArgumentException("Use the overload with an error code for status " + httpStatus);
        }
        String code = httpStatus == 503 ? "ServiceUnavailable" : "InternalFailure";
        String message = httpStatus == 503 ? "Service Unavailable" : "An internal error occurred.";
        failAssume(roleName, times, httpStatus, code, message);
    }

    /** The next {@code times} AssumeRole attempts on the role name answer this status, error code and message. */
    public void failAssume(String roleName, int times, int httpStatus, String errorCode, String message) {
        sts.fail(roleName, times, new AwsServiceException(httpStatus, errorCode, message));
    }

    /** Drops every denial, throttle and failure pending for the role name. */
    public void clearAssumeFaults(String roleName) {
        sts.clearFaults(roleName);
    }

    /** The next {@code times} ListRoles calls answer 400 Throttling "Rate exceeded". */
    public void throttleListRoles(int times) {
        iam.throttle(times);
    }

    /** Every ListRoles call fails with this status, code and message until {@link #clearListRolesFailure()}. */
    public void failListRoles(int httpStatus, String errorCode, String message) {
        iam.fail(new AwsServiceException(httpStatus, errorCode, message));
    }

    /** Ends the failure set by {@link #failListRoles}; pending throttles stay. */
    public void clearListRolesFailure() {
        iam.clearFailure();
    }

    /** When on (the default, as for a caller that is itself a role session), DurationSeconds over 3600 fails. */
    public void enforceRoleChaining(boolean enforce) {
        sts.enforceRoleChaining(enforce);
    }

    /** The most roles one ListRoles page holds whatever MaxItems asks (default 1000), to force short pages. */
    public void listRolesPageCap(int maxRolesPerPage) {
        iam.pageCap(maxRolesPerPage);
    }

    /** Length of issued session tokens (default 852; real ones grow past 1,000 with session tags). */
    public void sessionTokenLength(int chars) {
        sts.sessionTokenLength(chars);
    }

    /** Stores a secret (a new current version if it exists), retrievable by name, full ARN or partial ARN. */
    public void putSecret(String name, String secretString) {
        secrets.put(name, secretString);
    }

    /** The full ARN of a stored secret, with its random six-character suffix. */
    public String secretArn(String name) {
        return secrets.arnOf(name);
    }

    /** Every AssumeRole attempt, in the order they finished. */
    public List<AssumeCall> assumeCalls() {
        return sts.calls();
    }

    /** Every HTTP request received, in arrival order. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** How many ListRoles calls arrived, failed ones included. */
    public int listRolesCalls() {
        return iam.listRolesCalls();
    }

    /** Every SecretAccessKey and SessionToken issued and every SecretString served, to check logs against. */
    public Set<String> issuedSecrets() {
        return Set.copyOf(issuedSecrets);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = lowerCaseNames(exchange.getRequestHeaders());
            String requestId = tokens.requestId();
            Response response = answer(exchange.getRequestMethod(), exchange.getRequestURI(), headers, body,
                    requestId);
            send(exchange, response, requestId);
        }
    }

    private Response answer(String method, URI uri, Map<String, String> headers, String body, String requestId) {
        try {
            Optional<AwsCredentialScope> scope = AwsCredentialScope.parse(headers.get("authorization"));
            String target = headers.get("x-amz-target");
            String service = scope.map(AwsCredentialScope::service).orElseGet(() -> guessService(target, uri, body));
            boolean jsonProtocol = service.equals("secretsmanager");
            AwsQueryRequest query = jsonProtocol ? null : AwsQueryRequest.parse(uri.getRawQuery(), body);
            String action = jsonProtocol ? jsonAction(target) : query.action();
            record(new Request(service, action == null ? "" : action, method, uri.getPath(), headers, body));

            if (scope.isEmpty()) {
                return unauthenticated(service, headers.containsKey("authorization"), requestId);
            }
            return switch (service) {
                case "iam" -> query(AwsQueryXml.IAM_NAMESPACE, IAM_VERSION, query, requestId,
                        Map.of("ListRoles", iam::listRoles));
                case "sts" -> query(AwsQueryXml.STS_NAMESPACE, STS_VERSION, query, requestId,
                        Map.of("AssumeRole", sts::assumeRole));
                case "secretsmanager" -> json(action, body, requestId);
                default -> jsonError(new AwsServiceException(400, "UnrecognizedClientException",
                        "The emulator serves iam, sts and secretsmanager, not " + service + "."), requestId);
            };
        } catch (RuntimeException e) {
            // A bug in the emulator: answer like AWS would and let the SDK surface it as a 500.
            return jsonError(new AwsServiceException(500, "InternalFailure",
                    "Emulator failure: " + e.getClass().getSimpleName()), requestId);
        }
    }

    private Response query(String namespace, String version, AwsQueryRequest request, String requestId,
                           Map<String, Function<AwsQueryRequest, String>> actions) {
        try {
            String action = request.action();
            if (action == null) {
                throw new AwsServiceException(400, "MissingAction", "Missing Action");
            }
            Function<AwsQueryRequest, String> handler = actions.get(action);
            if (handler == null || !version.equals(request.text("Version"))) {
                throw new AwsServiceException(400, "InvalidAction",
                        "Could not find operation " + action + " for version " + request.text("Version"));
            }
            String result = handler.apply(request);
            return new Response(200, "text/xml", Map.of(),
                    AwsQueryXml.response(namespace, action, result, requestId));
        } catch (AwsServiceException e) {
            return queryError(namespace, e, requestId);
        }
    }

    private Response json(String action, String body, String requestId) {
        try {
            if (!action.equals("GetSecretValue")) {
                throw new AwsServiceException(400, "UnknownOperationException", null);
            }
            JsonNode input = parseJson(body);
            return new Response(200, JSON_CONTENT_TYPE, Map.of(),
                    json.writeValueAsString(secrets.getSecretValue(input)));
        } catch (AwsServiceException e) {
            return jsonError(e, requestId);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode parseJson(String body) {
        try {
            JsonNode input = json.readTree(body.isBlank() ? "{}" : body);
            if (!input.isObject()) {
                throw new AwsServiceException(400, "SerializationException",
                        "Start of structure or map found where not expected.");
            }
            return input;
        } catch (JsonProcessingException e) {
            throw new AwsServiceException(400, "SerializationException", "The request body is not valid JSON.");
        }
    }

    private Response unauthenticated(String service, boolean hasAuthorization, String requestId) {
        boolean jsonProtocol = service.equals("secretsmanager");
        AwsServiceException error;
        if (hasAuthorization) {
            error = new AwsServiceException(403, jsonProtocol ? "IncompleteSignatureException" : "IncompleteSignature",
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters"
                            + " of an AWS4-HMAC-SHA256 signature.");
        } else {
            error = jsonProtocol
                    ? new AwsServiceException(403, "MissingAuthenticationTokenException",
                            "Missing Authentication Token")
                    : new AwsServiceException(403, "MissingAuthenticationToken",
                            "Request is missing Authentication Token");
        }
        if (jsonProtocol) {
            return jsonError(error, requestId);
        }
        String namespace = service.equals("sts") ? AwsQueryXml.STS_NAMESPACE : AwsQueryXml.IAM_NAMESPACE;
        return queryError(namespace, error, requestId);
    }

    private static Response queryError(String namespace, AwsServiceException error, String requestId) {
        return new Response(error.httpStatus(), "text/xml", Map.of(), AwsQueryXml.error(namespace, error, requestId));
    }

    private Response jsonError(AwsServiceException error, String requestId) {
        var body = json.createObjectNode().put("__type", error.errorCode());
        if (error.getMessage() != null) {
            body.put("message", error.getMessage());
        }
        return new Response(error.httpStatus(), JSON_CONTENT_TYPE, Map.of("x-amzn-ErrorType", error.errorCode()),
                body.toString());
    }

    /** For unsigned requests only: a JSON target names its service, and STS actions are all AssumeRole-like. */
    private static String guessService(String target, URI uri, String body) {
        if (target != null) {
            int dot = target.indexOf('.');
            return (dot < 0 ? target : target.substring(0, dot)).toLowerCase(Locale.ROOT);
        }
        String action = AwsQueryRequest.parse(uri.getRawQuery(), body).action();
        boolean stsAction = action != null && (action.startsWith("AssumeRole") || action.startsWith("GetCaller")
                || action.startsWith("GetSessionToken") || action.startsWith("GetFederationToken"));
        return stsAction ? "sts" : "iam";
    }

    private static String jsonAction(String target) {
        if (target == null) {
            return "";
        }
        return target.startsWith("secretsmanager.") ? target.substring("secretsmanager.".length()) : target;
    }

    private void record(Request request) {
        synchronized (requests) {
            requests.add(request);
        }
    }

    private static Map<String, String> lowerCaseNames(Headers headers) {
        Map<String, String> lowerCased = new LinkedHashMap<>();
        headers.forEach((name, values) -> lowerCased.merge(name.toLowerCase(Locale.ROOT), String.join(",", values),
                (first, second) -> first + "," + second));
        return lowerCased;
    }

    private static void send(HttpExchange exchange, Response response, String requestId) throws IOException {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        headers.set("x-amzn-RequestId", requestId);
        response.headers().forEach(headers::set);
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
