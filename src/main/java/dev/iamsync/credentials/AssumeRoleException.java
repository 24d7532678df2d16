package dev.iamsync.credentials;

/**
 * STS did not hand out credentials. {@link #kind()} sorts the failure so the caller can decide what to retry;
 * the message carries the AWS error code and message, which hold no secrets.
 */
public final class AssumeRoleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as the caller's decisions go. */
    public enum Kind {
        /** The trust or identity policy refuses us; also what a role created seconds ago answers. */
        ACCESS_DENIED,
        /** The requested duration exceeds the one-hour cap on chained role sessions. */
        ROLE_CHAINING_LIMIT,
        /** Anything else: validation, exhausted retries, network. */
        OTHER
    }

    private final Kind kind;
    private final String errorCode;

    public AssumeRoleException(Kind kind, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.errorCode = errorCode;
    }

    public Kind kind() {
        return kind;
    }

    public String errorCode() {
        return errorCode;
    }
}
