package dev.iamsync.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A local stand-in for the slice of Windmill's REST API that a credential-sync client uses: token check,
 * whoami, workspace listing as superadmin, folders and variables, with the server's status codes and text
 * bodies. It listens on 127.0.0.1 on an ephemeral port, records every request, and can inject failures.
 * Thread-safe; requests are answered one at a time under a single lock.
 */
public final class WindmillEmulator implements AutoCloseable {

    /** A request as received; header names are lower-case, {@code path} and {@code query} are raw (undecoded). */
    public record Request(String method, String path, String query, Map<String, String> headers, String body) {
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(query, "query");
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            Objects.requireNonNull(body, "body");
        }

        /** Only method and path: headers carry the token and bodies carry secret values. */
        @Override
        public String toString() {
            return "Request[" + method + " " + path + "]";
        }
    }

    /** A folder as stored; {@code summary} is null when none was given. */
    public record Folder(String name, List<String> owners, Map<String, Boolean> extraPerms, String summary) {
        public Folder {
            Objects.requireNonNull(name, "name");
            owners = List.copyOf(owners);
            extraPerms = Collections.unmodifiableMap(new LinkedHashMap<>(extraPerms));
        }
    }

    /** A variable as stored, with its plaintext value (the server would hold a secret encrypted). */
    public record Variable(String path, String value, boolean isSecret, String description) {
        public Variable {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(description, "description");
        }

        @Override
        public String toString() {
            return "Variable[path=" + path + ", isSecret=" + isSecret + "]";
        }
    }

    private static final Pattern WORKSPACE_ID = Pattern.compile("\\w+(-\\w+)*");
    private static final int WORKSPACE_ID_CHARS = 50;
    private static final int SERVER_PAGE_CAP = 10_000;
    private static final int ECHOED_BODY_CHARS = 200;
    private static final long LISTING_SEED = 0x5eed_1a57L;
    private static final String WORKSPACE_PREFIX = "/api/w/";
    private static final String LISTING_PATH = "/api/workspaces/list_as_superadmin";

    /** An injected failure and how many more requests it answers. */
    private record Failure(int status, int remaining) {
    }

    private final Object lock = new Object();
    private final HttpServer server;
    private final ExecutorService executor;
    private final WindmillRouter router;
    private final Random listingShuffle = new Random(LISTING_SEED);
    private final Map<String, WindmillWorkspace> workspaces = new HashMap<>();
    private final Map<String, Failure> workspaceFailures = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private String token;
    private int pageCap = SERVER_PAGE_CAP;
    private boolean duplicatesAcrossPages;
    private boolean hyphenInFolderNames;
    private Failure listingFailure;
    private Duration responseDelay = Duration.ZERO;

    private WindmillEmulator(String token) throws IOException {
        this.token = requireToken(token);
        this.router = new WindmillRoutes(this).router();
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        this.server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts an emulator that accepts {@code token} as its only valid bearer token. */
    public static WindmillEmulator start(String token) {
        try {
            return new WindmillEmulator(token);
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind the Windmill emulator to 127.0.0.1", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, without the {@code /api} suffix. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Rotates the token: from now on only {@code newToken} is accepted. */
    public void setToken(String newToken) {
        synchronized (lock) {
            token = requireToken(newToken);
        }
    }

    public WindmillEmulator addWorkspace(String id) {
        return add(id, false);
    }

    /** Adds an archived workspace: listed with {@code deleted: true}, readable, but 404 for every write. */
    public WindmillEmulator addArchivedWorkspace(String id) {
        return add(id, true);
    }

    /** Sets the highest {@code per_page} the listing honours (10,000 on current servers). */
    public void listPageCap(int perPageCap) {
        if (perPageCap < 1) {
            throw new IllegalArgumentException("perPageCap must be at least 1, was " + perPageCap);
        }
        synchronized (lock) {
            pageCap = perPageCap;
        }
    }

    /** When on, each listing page starts with the last workspace of the previous page (needs per_page >= 2). */
    public void duplicateAcrossPages(boolean on) {
        synchronized (lock) {
            duplicatesAcrossPages = on;
        }
    }

    /** When on, folder names may contain '-', as from server v1.724.0; off (the default) mimics older servers. */
    public void hyphenInFolderNames(boolean allowed) {
        synchronized (lock) {
            hyphenInFolderNames = allowed;
        }
    }

    /** Seeds a folder as if someone else had created it: no owners, the given permissions, no summary. */
    public void addFolder(String workspace, String name, Map<String, Boolean> extraPerms) {
        synchronized (lock) {
            existing(workspace).putFolder(new WindmillWorkspace.StoredFolder(
                    name, name, List.of(), Map.copyOf(extraPerms), null));
        }
    }

    public Optional<Folder> folder(String workspace, String name) {
        synchronized (lock) {
            return Optional.ofNullable(workspaces.get(workspace))
                    .flatMap(w -> w.folder(name))
                    .map(WindmillWorkspace.StoredFolder::toFolder);
        }
    }

    /** Seeds or overwrites a variable directly, without the server's path and size rules. */
    public void putVariable(String workspace, String path, String value, boolean isSecret, String description) {
        synchronized (lock) {
            existing(workspace).putVariable(new Variable(path, value, isSecret, description));
        }
    }

    public Optional<Variable> variable(String workspace, String path) {
        synchronized (lock) {
            return Optional.ofNullable(workspaces.get(workspace)).flatMap(w -> w.variable(path));
        }
    }

    /**
     * Makes every {@code /api/w/<workspace>/...} request answer {@code status}, before any auth check, with a
     * text/plain body that echoes the start of the request body, as some servers do with the values sent.
     */
    public void failWorkspace(String workspace, int status) {
        failWorkspace(workspace, status, Integer.MAX_VALUE);
    }

    /** Like {@link #failWorkspace(String, int)} for the next {@code times} requests only. */
    public void failWorkspace(String workspace, int status, int times) {
        Failure failure = failure(status, times);
        synchronized (lock) {
            workspaceFailures.put(workspace, failure);
        }
    }

    public void clearWorkspaceFailure(String workspace) {
        synchronized (lock) {
            workspaceFailures.remove(workspace);
        }
    }

    /** Makes {@code GET /api/workspaces/list_as_superadmin} answer {@code status}, before any auth check. */
    public void failListWorkspaces(int status) {
        failListWorkspaces(status, Integer.MAX_VALUE);
    }

    /** Like {@link #failListWorkspaces(int)} for the next {@code times} requests only. */
    public void failListWorkspaces(int status, int times) {
        Failure failure = failure(status, times);
        synchronized (lock) {
            listingFailure = failure;
        }
    }

    public void clearListWorkspacesFailure() {
        synchronized (lock) {
            listingFailure = null;
        }
    }

    /** Holds every answer back by {@code delay} (outside the lock), to exercise client timeouts. */
    public void delayResponses(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        synchronized (lock) {
            responseDelay = delay;
        }
    }

    /** Every request received so far, oldest first. */
    public List<Request> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    public void clearRequests() {
        synchronized (lock) {
            requests.clear();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    int pageCap() {
        return pageCap;
    }

    boolean duplicatesAcrossPages() {
        return duplicatesAcrossPages;
    }

    boolean hyphenInFolderNames() {
        return hyphenInFolderNames;
    }

    Optional<WindmillWorkspace> workspace(String id) {
        return Optional.ofNullable(workspaces.get(id));
    }

    /** A stable shuffle; if it happens to come out sorted by id, it is rotated so it never is. */
    List<WindmillWorkspace> workspacesInListingOrder() {
        List<WindmillWorkspace> listed = new ArrayList<>(workspaces.values());
        listed.sort(Comparator.comparingLong(WindmillWorkspace::listingKey));
        List<WindmillWorkspace> byId = new ArrayList<>(listed);
        byId.sort(Comparator.comparing(WindmillWorkspace::id));
        if (listed.size() > 1 && listed.equals(byId)) {
            Collections.rotate(listed, 1);
        }
        return listed;
    }

    private WindmillEmulator add(String id, boolean archived) {
        if (!WORKSPACE_ID.matcher(id).matches() || id.length() > WORKSPACE_ID_CHARS || id.equals("global")) {
            throw new IllegalArgumentException("not a valid Windmill workspace id: " + id);
        }
        synchronized (lock) {
            if (workspaces.containsKey(id)) {
                throw new IllegalArgumentException("workspace already exists (archiving keeps the id): " + id);
            }
            workspaces.put(id, new WindmillWorkspace(id, archived, listingShuffle.nextLong()));
        }
        return this;
    }

    private WindmillWorkspace existing(String id) {
        WindmillWorkspace workspace = workspaces.get(id);
        if (workspace == null) {
            throw new IllegalArgumentException("no workspace " + id + "; add it first");
        }
        return workspace;
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            WindmillExchange exchange = WindmillExchange.read(http);
            Duration delay;
            synchronized (lock) {
                requests.add(exchange.toRequest());
                delay = responseDelay;
            }
            pause(delay);
            WindmillResponse response;
            synchronized (lock) {
                response = answer(exchange);
            }
            write(http, response);
        }
    }

    private WindmillResponse answer(WindmillExchange exchange) {
        try {
            Optional<WindmillResponse> injected = injectedFailure(exchange);
            if (injected.isPresent()) {
                return injected.get();
            }
            WindmillRouter.Route route = router.find(exchange)
                    .orElseThrow(() -> new WindmillHttpError(WindmillResponse.empty(404)));
            if (route.access() != WindmillRouter.Access.PUBLIC) {
                authenticate(exchange);
            }
            if (route.access() == WindmillRouter.Access.WORKSPACE) {
                requireWorkspace(exchange.param("workspace"), exchange.method());
            }
            return route.handler().handle(exchange);
        } catch (WindmillHttpError e) {
            return e.response();
        } catch (RuntimeException e) {
            return WindmillResponse.error(500, "Internal", "emulator failure: " + e.getClass().getSimpleName());
        }
    }

    private Optional<WindmillResponse> injectedFailure(WindmillExchange exchange) {
        String path = exchange.rawPath();
        if (path.equals(LISTING_PATH) && listingFailure != null) {
            Failure failure = listingFailure;
            listingFailure = failure.remaining() > 1 ? new Failure(failure.status(), failure.remaining() - 1) : null;
            return Optional.of(echo(failure.status(), "list workspaces", exchange));
        }
        if (!path.startsWith(WORKSPACE_PREFIX)) {
            return Optional.empty();
        }
        String rest = path.substring(WORKSPACE_PREFIX.length());
        int slash = rest.indexOf('/');
        String workspace = WindmillExchange.pathDecode(slash < 0 ? rest : rest.substring(0, slash));
        Failure failure = workspaceFailures.get(workspace);
        if (failure == null) {
            return Optional.empty();
        }
        if (failure.remaining() > 1) {
            workspaceFailures.put(workspace, new Failure(failure.status(), failure.remaining() - 1));
        } else {
            workspaceFailures.remove(workspace);
        }
        return Optional.of(echo(failure.status(), "store", exchange));
    }

    /** Echoes the start of the body (or the path, when there is none) so leak tests have something to find. */
    private static WindmillResponse echo(int status, String action, WindmillExchange exchange) {
        String body = exchange.bodyText();
        String echoed = body.isEmpty() ? exchange.rawPath() : body;
        String excerpt = echoed.length() <= ECHOED_BODY_CHARS ? echoed : echoed.substring(0, ECHOED_BODY_CHARS);
        return WindmillResponse.error(status, kind(status), "failed to " + action + " " + excerpt);
    }

    private static String kind(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Not authorized";
            case 403 -> "Permission denied";
            case 404 -> "Not found";
            case 429 -> "Too many requests";
            default -> "Internal";
        };
    }

    private void authenticate(WindmillExchange exchange) {
        Optional<String> sent = exchange.token();
        if (sent.isEmpty()) {
            throw new WindmillHttpError(new WindmillResponse(401, WindmillResponse.ERROR_TEXT, "Unauthorized"));
        }
        if (!sent.get().equals(token)) {
            throw WindmillHttpError.notAuthorized("Unauthorized");
        }
    }

    /** A guess at the server's answer: a superadmin's token reaches every workspace, so nothing is checked there. */
    private void requireWorkspace(String id, String method) {
        WindmillWorkspace workspace = workspaces.get(id);
        if (workspace == null || workspace.archived() && !method.equals("GET")) {
            throw WindmillHttpError.notFound("workspace " + id + " not found");
        }
    }

    private static void write(HttpExchange http, WindmillResponse response) throws IOException {
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        if (!response.contentType().isEmpty()) {
            http.getResponseHeaders().set("Content-Type", response.contentType());
        }
        http.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Failure failure(int status, int times) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an injected failure needs a 4xx or 5xx status, was " + status);
        }
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        return new Failure(status, times);
    }

    private static String requireToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the emulator needs a non-blank token");
        }
        return token;
    }
}
