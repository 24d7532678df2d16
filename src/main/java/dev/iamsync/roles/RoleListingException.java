package dev.iamsync.roles;

/** IAM could not list the roles under the prefix, so no run can know which credentials to write. */
public final class RoleListingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RoleListingException(String message, Throwable cause) {
        super(message, cause);
    }
}
