package dev.iamsync.windmill;

/** The Windmill token could not be read from where the configuration says it is. */
public final class TokenUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
