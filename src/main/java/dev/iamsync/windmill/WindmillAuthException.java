package dev.iamsync.windmill;

/** Windmill refused the API token (401 or 403 where a superadmin token should pass). */
public final class WindmillAuthException extends WindmillException {
    private static final long serialVersionUID = 1L;

    public WindmillAuthException(String message, int status) {
        super(message, status, null);
    }
}
