package dev.iamsync.windmill;

/** A create found the variable already there (Windmill's 400 "already exists"). */
public final class VariableExistsException extends WindmillException {
    private static final long serialVersionUID = 1L;

    public VariableExistsException(String message) {
        super(message, 400, null);
    }
}
