package dev.iamsync.windmill;

/**
 * Windmill refused a request or could not be reached. The message names the request and the HTTP status;
 * it never carries a request or response body, since Windmill's text errors may echo a secret value.
 */
public class WindmillException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public WindmillException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }
}
