package dev.iamsync.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates {@link SyncConfig} from environment variables. The Lambda and the CLI share it, so a
 * value means the same everywhere. Every problem is collected before failing, so one run shows them all.
 */
public final class SyncConfigReader {
    public static final String BASE_URL = "WM_BASE_URL";
    public static final String ALLOW_INSECURE_HTTP = "WM_ALLOW_INSECURE_HTTP";
    public static final String TOKEN = "WM_TOKEN";
    public static final String TOKEN_SECRET_ID = "WM_TOKEN_SECRET_ID";
    public static final String PATH_PREFIX = "WM_IAM_PATH_PREFIX";
    public static final String PATH_PREFIX_ALIAS = "WM_IAM_PREFIX";
    public static final String FOLDER = "WM_FOLDER";
    public static final String VARIABLE = "WM_VARIABLE";
    public static final String SESSION_DURATION_SECONDS = "WM_SESSION_DURATION_SECONDS";
    public static final String ASSUME_CONCURRENCY = "WM_ASSUME_CONCURRENCY";
    public static final String LOG_LEVEL = "WM_LOG_LEVEL";

    // Stricter than IAM's printable ASCII: '*' or '?' would read as a wildcard in the AssumeRole grant, and the
    // template allows the same set.
    private static final Pattern PREFIX_SEGMENTS = Pattern.compile("/?[A-Za-z0-9_+=,.@-]+(/[A-Za-z0-9_+=,.@-]+)*/?");
    private static final Set<String> LOG_LEVELS = Set.of("DEBUG", "INFO", "WARN", "ERROR");
    private static final Pattern FOLDER_NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern VARIABLE_PATH = Pattern.compile("[ufg](/[A-Za-z0-9_-]+){2,}");
    private static final int MAX_FOLDER_LENGTH = 100;
    private static final int MAX_VARIABLE_PATH_LENGTH = 255;
    private static final int MIN_DURATION_SECONDS = 900;
    private static final int MAX_DURATION_SECONDS = 43_200;
    private static final int MAX_CONCURRENCY = 64;

    private final Map<String, String> environment;
    private final List<String> problems = new ArrayList<>();

    private SyncConfigReader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Builds the configuration from the given variables.
     *
     * @throws ConfigException listing every missing or malformed variable
     */
    public static SyncConfig read(Map<String, String> environment) {
        return new SyncConfigReader(environment).read();
    }

    private SyncConfig read() {
        URI baseUrl = readBaseUrl();
        TokenReference token = readToken();
        PathPrefix prefix = readPathPrefix();
        String folder = readFolder();
        String variablePath = readVariablePath(folder);
        int durationSeconds = readInt(SESSION_DURATION_SECONDS, 3600, MIN_DURATION_SECONDS, MAX_DURATION_SECONDS);
        int concurrency = readInt(ASSUME_CONCURRENCY, 8, 1, MAX_CONCURRENCY);
        checkLogLevel();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new SyncConfig(baseUrl, token, prefix, folder, variablePath,
                Duration.ofSeconds(durationSeconds), concurrency);
    }

    private URI readBaseUrl() {
        boolean allowInsecure = readAllowInsecureHttp();
        Optional<String> raw = value(BASE_URL);
        if (raw.isEmpty()) {
            problems.add(BASE_URL + " is not set: give Windmill's base URL, e.g. https://windmill.example.com");
            return null;
        }
        String shown = shownUrl(raw.get());
        URI uri;
        try {
            uri = new URI(raw.get());
        } catch (URISyntaxException e) {
            problems.add(BASE_URL + " is not a URL: " + shown + "; expected e.g. https://windmill.example.com");
            return null;
        }
        Optional<String> problem = baseUrlProblem(uri, allowInsecure);
        if (problem.isPresent()) {
            problems.add(BASE_URL + " " + problem.get() + ", got " + shown);
            return null;
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        if (path.endsWith("/api")) {
            path = path.substring(0, path.length() - "/api".length());
        }
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path);
    }

    private static Optional<String> baseUrlProblem(URI uri, boolean allowInsecure) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("must be an http(s) URL, e.g. https://windmill.example.com");
        }
        if (uri.getHost() == null) {
            String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
            return Optional.of(authority.contains("_")
                    ? "has a host name with '_', which URLs do not allow; use a DNS name without '_' or an IP address"
                    : "must name a host, e.g. https://windmill.example.com");
        }
        if (uri.getPort() > 65_535) {
            return Optional.of("has a port above 65535");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            return Optional.of("must not carry a query, fragment or user info (the token comes from "
                    + TOKEN_SECRET_ID + " or " + TOKEN + ")");
        }
        if (scheme.equals("http") && !allowInsecure) {
            return Optional.of("is plain http: the Windmill token would travel in clear text. Use https, or set "
                    + ALLOW_INSECURE_HTTP + "=true to accept that risk");
        }
        return Optional.empty();
    }

    /** The URL as it may appear in a message: one with user info or a query could hold a password or token. */
    private static String shownUrl(String raw) {
        return raw.contains("@") || raw.contains("?") || raw.contains("#")
                ? "a value with user info, a query or a fragment (not repeated here: it may hold a secret)"
                : "'" + raw + "'";
    }

    private boolean readAllowInsecureHttp() {
        Optional<String> raw = value(ALLOW_INSECURE_HTTP);
        if (raw.isEmpty()) {
            return false;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problems.add(ALLOW_INSECURE_HTTP + " must be 'true' or 'false', got '" + raw.get() + "'");
                yield false;
            }
        };
    }

    private TokenReference readToken() {
        boolean tokenSet = environment.containsKey(TOKEN);
        Optional<String> token = value(TOKEN);
        Optional<String> secretId = value(TOKEN_SECRET_ID);
        if (token.isPresent() && secretId.isPresent()) {
            problems.add("both " + TOKEN + " and " + TOKEN_SECRET_ID + " are set: keep only one ("
                    + TOKEN_SECRET_ID + " in Lambda, " + TOKEN + " for local runs)");
            return null;
        }
        if (token.isPresent() && !TokenReference.isSendable(token.get())) {
            problems.add(TOKEN + " holds characters an HTTP header cannot carry (spaces, control or non-ASCII"
                    + " characters, e.g. a pasted line break); it was not used. Copy the token again.");
            return null;
        }
        if (token.isPresent()) {
            return new TokenReference.Literal(token.get());
        }
        if (secretId.isPresent()) {
            return new TokenReference.SecretsManagerSecret(secretId.get());
        }
        problems.add(tokenSet
                ? TOKEN + " is empty: give a Windmill superadmin API token"
                : "no Windmill token: set " + TOKEN_SECRET_ID + " to a Secrets Manager secret id or ARN,"
                        + " or " + TOKEN + " to the token itself for local runs");
        return null;
    }

    private PathPrefix readPathPrefix() {
        Optional<String> primary = value(PATH_PREFIX);
        Optional<String> alias = value(PATH_PREFIX_ALIAS);
        if (primary.isPresent() && alias.isPresent() && !sameAfterNormalising(primary.get(), alias.get())) {
            problems.add(PATH_PREFIX + " ('" + primary.get() + "') and its alias " + PATH_PREFIX_ALIAS + " ('"
                    + alias.get() + "') disagree: set only " + PATH_PREFIX);
            return null;
        }
        Optional<String> raw = primary.or(() -> alias);
        String variable = primary.isPresent() ? PATH_PREFIX : PATH_PREFIX_ALIAS;
        if (raw.isEmpty()) {
            problems.add(PATH_PREFIX + " is not set: give the IAM path under which workspace roles live,"
                    + " e.g. /windmill-stage/");
            return null;
        }
        String trimmed = raw.get().strip();
        if (trimmed.startsWith("arn:")) {
            problems.add(variable + " must be an IAM path such as /windmill-stage/, not an ARN: got '" + raw.get()
                    + "'");
            return null;
        }
        if (trimmed.replace("/", "").isEmpty()) {
            problems.add(variable + " is '" + raw.get() + "': the root path would hand roles from anywhere in"
                    + " the account to workspaces. Use a dedicated path such as /windmill-stage/");
            return null;
        }
        if (trimmed.length() > 510 || !PREFIX_SEGMENTS.matcher(trimmed).matches()) {
            problems.add(variable + " is not a valid IAM path: '" + raw.get() + "'; expected segments of letters,"
                    + " digits and _+=,.@- separated by single '/', at most 512 characters, e.g. /windmill-stage/"
                    + " (it is a plain prefix: no wildcards)");
            return null;
        }
        return PathPrefix.normalise(trimmed);
    }

    private static boolean sameAfterNormalising(String first, String second) {
        try {
            return PathPrefix.normalise(first).equals(PathPrefix.normalise(second));
        } catch (IllegalArgumentException e) {
            return first.strip().equals(second.strip());
        }
    }

    private String readFolder() {
        String folder = value(FOLDER).orElse("aws");
        if (!FOLDER_NAME.matcher(folder).matches() || folder.length() > MAX_FOLDER_LENGTH) {
            problems.add(FOLDER + " must be a Windmill folder name of letters, digits and '_' (at most "
                    + MAX_FOLDER_LENGTH + "), got '" + folder + "'");
            return null;
        }
        return folder;
    }

    private String readVariablePath(String folder) {
        String variable = value(VARIABLE).orElse("iam");
        if (variable.matches("[ufg]/.*")) {
            problems.add(VARIABLE + " is the name inside " + FOLDER + ", not a full path: got '" + variable
                    + "'; for f/aws/iam set " + FOLDER + "=aws and " + VARIABLE + "=iam");
            return null;
        }
        String path = "f/" + (folder == null ? "aws" : folder) + "/" + variable;
        if (!VARIABLE_PATH.matcher(path).matches() || path.length() > MAX_VARIABLE_PATH_LENGTH) {
            problems.add(VARIABLE + " must be a variable name of letters, digits, '_' and '-' (optionally with"
                    + " '/' between parts) so that '" + path + "' is a Windmill path of at most "
                    + MAX_VARIABLE_PATH_LENGTH + " characters, got '" + variable + "'");
            return null;
        }
        return path;
    }

    private void checkLogLevel() {
        value(LOG_LEVEL).map(level -> level.toUpperCase(Locale.ROOT)).filter(level -> !LOG_LEVELS.contains(level))
                .ifPresent(level -> problems.add(LOG_LEVEL + " must be DEBUG, INFO, WARN or ERROR, got '"
                        + environment.get(LOG_LEVEL).strip() + "'"));
    }

    private int readInt(String name, int fallback, int min, int max) {
        Optional<String> raw = value(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(raw.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the same message as an out-of-range number
        }
        problems.add(name + " must be a whole number from " + min + " to " + max + ", got '" + raw.get() + "'");
        return fallback;
    }

    private Optional<String> value(String name) {
        String raw = environment.get(name);
        return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.strip());
    }
}
