package dev.iamsync.windmill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Talks to Windmill's REST API over {@link HttpClient}. Answers 429, 502, 503 and 504 and connection failures
 * are retried twice; a 401 makes the token source read the token once more in case it was rotated. Error
 * messages name the method, path and status only: Windmill's text/plain error bodies may echo values.
 */
public final class HttpWindmillClient implements WindmillClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final List<Duration> RETRY_DELAYS = List.of(Duration.ofMillis(250), Duration.ofSeconds(1));
    private static final int PAGE_SIZE = 1000;
    private static final int MAX_PAGES = 1000;

    private final HttpClient http;
    private final URI apiBase;
    private final TokenSource tokens;

    /** {@code baseUrl} is Windmill's base URL without {@code /api}, e.g. {@code https://windmill.example.com}. */
    public HttpWindmillClient(URI baseUrl, TokenSource tokens) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.apiBase = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/api");
        this.tokens = tokens;
    }

    @Override
    public List<Workspace> listWorkspaces() {
        // Servers cap per_page differently and order pages unstably: read until an empty page, keep each id once.
        Map<String, Workspace> byId = new LinkedHashMap<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            String path = "/workspaces/list_as_superadmin?page=" + page + "&per_page=" + PAGE_SIZE;
            JsonNode items = readJson(send("GET", path, null, Refusal.LISTING), "GET", path);
            if (!items.isArray()) {
                throw new WindmillException("Windmill answered " + describe("GET", path) + " with JSON that is"
                        + " not a list of workspaces. Check WM_BASE_URL.", 200, null);
            }
            if (items.isEmpty()) {
                return List.copyOf(byId.values());
            }
            int before = byId.size();
            for (JsonNode item : items) {
                String id = item.path("id").asText("");
                if (!id.isEmpty()) {
                    byId.putIfAbsent(id, new Workspace(id, item.path("deleted").asBoolean(false)));
                }
            }
            if (byId.size() == before) {
                return List.copyOf(byId.values()); // the server ignores paging: going on would never end
            }
        }
        throw new WindmillException("Windmill's workspace list did not end after " + MAX_PAGES + " pages of "
                + PAGE_SIZE + "; refusing to go on. Check WM_BASE_URL.", 200, null);
    }

    @Override
    public boolean folderExists(String workspace, String folder) {
        return readBoolean("/w/" + workspace + "/folders/exists/" + folder);
    }

    @Override
    public void createFolder(String workspace, String folder) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", folder);
        body.put("summary", "AWS credentials written by windmill-iam-sync");
        // "g/all": false lets every member of the workspace read the folder's items, and none write them.
        body.putObject("extra_perms").put("g/all", false);
        String route = "/w/" + workspace + "/folders/create";
        Answer answer = exchange("POST", route, body);
        if (answer.status() == 400 && answer.saysAlreadyExists()) {
            return; // created concurrently; an existing folder keeps its own permissions
        }
        check(answer, "POST", route, Refusal.WORKSPACE);
    }

    @Override
    public Optional<StoredVariable> getVariable(String workspace, String path) {
        String route = "/w/" + workspace + "/variables/get/" + path + "?decrypt_secret=true";
        Answer answer = exchange("GET", route, null);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        JsonNode node = readJson(check(answer, "GET", route, Refusal.WORKSPACE), "GET", route);
        if (!node.isObject()) {
            throw new WindmillException("Windmill answered " + describe("GET", route) + " with JSON that is not a"
                    + " variable", 200, null);
        }
        JsonNode value = node.path("value");
        return Optional.of(new StoredVariable(
                node.path("path").asText(path),
                value.isTextual() ? value.asText() : value.isMissingNode() || value.isNull() ? "" : value.toString(),
                node.path("is_secret").asBoolean(false),
                node.path("description").asText("")));
    }

    @Override
    public boolean variableExists(String workspace, String path) {
        return readBoolean("/w/" + workspace + "/variables/exists/" + path);
    }

    /** The exists routes answer the JSON literal true or false; anything else is not taken as an answer. */
    private boolean readBoolean(String route) {
        JsonNode answer = readJson(send("GET", route, null, Refusal.WORKSPACE), "GET", route);
        if (!answer.isBoolean()) {
            throw new WindmillException("Windmill answered " + describe("GET", route) + " with something other"
                    + " than true or false", 200, null);
        }
        return answer.booleanValue();
    }

    @Override
    public void createSecretVariable(String workspace, String path, String value, String description) {
        ObjectNode body = secretVariableBody(value, description);
        body.put("path", path);
        String route = "/w/" + workspace + "/variables/create";
        Answer answer = exchange("POST", route, body);
        if (answer.status() == 400 && answer.saysAlreadyExists()) {
            throw new VariableExistsException("variable " + path + " already exists in workspace " + workspace);
        }
        check(answer, "POST", route, Refusal.WORKSPACE);
    }

    @Override
    public void updateSecretVariable(String workspace, String path, String value, String description) {
        send("POST", "/w/" + workspace + "/variables/update/" + path, secretVariableBody(value, description),
                Refusal.WORKSPACE);
    }

    /** Updates change only the fields sent; is_secret and value always go together, as Windmill requires. */
    private static ObjectNode secretVariableBody(String value, String description) {
        ObjectNode body = JSON.createObjectNode();
        body.put("value", value);
        body.put("is_secret", true);
        body.put("description", description);
        return body;
    }

    /** How to read a 403: for the listing it means the token lacks superadmin rights. */
    private enum Refusal { LISTING, WORKSPACE }

    private record Answer(int status, String body) {
        boolean saysAlreadyExists() {
            return body.toLowerCase(Locale.ROOT).contains("already exists");
        }
    }

    private String send(String method, String route, JsonNode body, Refusal refusal) {
        return check(exchange(method, route, body), method, route, refusal);
    }

    private String check(Answer answer, String method, String route, Refusal refusal) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return answer.body();
        }
        String request = describe(method, route);
        if (status == 401 || status == 403 && refusal == Refusal.LISTING) {
            throw new WindmillAuthException("Windmill refused the API token (HTTP " + status + " to " + request
                    + "). Check that the token is valid, not expired, and belongs to a superadmin.", status);
        }
        if (status >= 300 && status < 400) {
            throw new WindmillException("Windmill answered HTTP " + status + " (a redirect, not followed so the"
                    + " token goes nowhere else) to " + request + ". Check WM_BASE_URL: scheme, host and path.",
                    status, null);
        }
        if (status == 403) {
            throw new WindmillException("Windmill answered HTTP 403 to " + request + ": the token may not do this"
                    + " here (it needs superadmin rights), or a deployment-protection rule blocks the change.",
                    status, null);
        }
        if (status == 404 && refusal == Refusal.LISTING) {
            throw new WindmillException("Windmill answered HTTP 404 to " + request + ": no Windmill API at "
                    + apiBase + ". Check WM_BASE_URL (Windmill's base URL, without /api).", status, null);
        }
        throw new WindmillException("Windmill answered HTTP " + status + " to " + request, status, null);
    }

    private Answer exchange(String method, String route, JsonNode body) {
        Answer answer = exchangeWithRetries(method, route, body);
        if (answer.status() == 401 && tokens.renew()) {
            answer = exchangeWithRetries(method, route, body);
        }
        return answer;
    }

    private Answer exchangeWithRetries(String method, String route, JsonNode body) {
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(request(method, route, body),
                        HttpResponse.BodyHandlers.ofString());
                if (!isRetryable(response.statusCode()) || attempt >= RETRY_DELAYS.size()) {
                    return new Answer(response.statusCode(), response.body() == null ? "" : response.body());
                }
            } catch (IOException e) {
                // A timeout is not retried: a Windmill too slow once is slow again, and the run has a deadline.
                if (attempt >= RETRY_DELAYS.size() || e instanceof HttpTimeoutException) {
                    throw new WindmillException("Windmill did not answer " + describe(method, route) + " at "
                            + apiBase.getAuthority() + " (" + safeDetail(e) + "). Check WM_BASE_URL and the"
                            + " network path to Windmill.", 0, null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WindmillException("interrupted while calling Windmill", 0, e);
            }
            pause(RETRY_DELAYS.get(attempt));
        }
    }

    private HttpRequest request(String method, String route, JsonNode body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(apiBase + route))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, text/plain");
        try {
            builder.header("Authorization", "Bearer " + tokens.token());
        } catch (IllegalArgumentException e) {
            // The JDK's message quotes the header value, token included: neither it nor the cause is kept.
            throw new TokenUnavailableException("the Windmill token holds characters an HTTP header cannot carry",
                    null);
        }
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    /**
     * Connection failures and timeouts say what happened in fixed words; other I/O errors (a malformed status
     * line, say) may quote what the peer sent back, request headers included, so only their type is told.
     */
    private static String safeDetail(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out after " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        }
        return e.getClass().getSimpleName();
    }

    private static boolean isRetryable(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    private JsonNode readJson(String text, String method, String route) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the body, so it is not passed on.
            throw new WindmillException("Windmill answered " + describe(method, route) + " with a body that is not"
                    + " the JSON expected (is WM_BASE_URL Windmill itself, not a proxy's page?)", 200, null);
        }
    }

    /** Method and full path of a request, without its query. */
    private String describe(String method, String route) {
        int query = route.indexOf('?');
        return method + " " + apiBase.getRawPath() + (query < 0 ? route : route.substring(0, query));
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WindmillException("interrupted while waiting to retry a Windmill call", 0, e);
        }
    }
}
