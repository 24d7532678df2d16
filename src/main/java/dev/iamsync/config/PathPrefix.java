package dev.iamsync.config;

import java.util.regex.Pattern;

/**
 * An IAM path prefix that starts and ends with {@code /}. Matching is by whole path segments: the prefix
 * {@code /windmill-stage/} covers {@code /windmill-stage/w=a/} but not {@code /windmill-stage-evil/w=a/}.
 */
public record PathPrefix(String value) {
    private static final Pattern IAM_PATH = Pattern.compile("/([\\x21-\\x7E&&[^/]]+/)+");
    private static final int MAX_LENGTH = 512;

    public PathPrefix {
        if (value == null || !IAM_PATH.matcher(value).matches() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("not a normalised IAM path prefix: " + value);
        }
    }

    /**
     * Adds the leading and trailing slash a user may have left out: {@code windmill-stage} and
     * {@code /windmill-stage} both become {@code /windmill-stage/}.
     *
     * @throws IllegalArgumentException when the result is not a valid IAM path of at least one segment
     */
    public static PathPrefix normalise(String raw) {
        String trimmed = raw.strip();
        String withLead = trimmed.startsWith("/") ? trimmed : "/" + trimmed;
        return new PathPrefix(withLead.endsWith("/") ? withLead : withLead + "/");
    }

    /** Whether a role's path lies under this prefix; IAM role paths always end with a slash. */
    public boolean covers(String rolePath) {
        return rolePath.startsWith(value);
    }

    /** The part of a covered role path after the prefix, e.g. {@code w=infra/} for {@code /p/w=infra/}. */
    public String remainderOf(String rolePath) {
        if (!covers(rolePath)) {
            throw new IllegalArgumentException(rolePath + " is not under " + value);
        }
        return rolePath.substring(value.length());
    }

    @Override
    public String toString() {
        return value;
    }
}
