package dev.iamsync.events;

/** The input given as an event is not one: unreadable, not JSON, or not a JSON object. */
public final class InvalidEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String message) {
        super(message);
    }
}
