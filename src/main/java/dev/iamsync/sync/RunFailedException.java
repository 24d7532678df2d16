package dev.iamsync.sync;

/**
 * The run could do nothing: Windmill refused the token or could not be reached, the token could not be read,
 * or IAM could not list the roles. Nothing was assumed or written.
 */
public final class RunFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
