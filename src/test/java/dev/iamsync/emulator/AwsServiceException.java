package dev.iamsync.emulator;

/**
 * An AWS error the emulator answers with: HTTP status, error code and message. Each protocol renders it in its own
 * form (query XML or JSON 1.1).
 */
final class AwsServiceException extends RuntimeException {
    private final int httpStatus;
    private final String errorCode;

    AwsServiceException(int httpStatus, String errorCode, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    static AwsServiceException validation(String message) {
        return new AwsServiceException(400, "ValidationError", message);
    }

    static AwsServiceException throttling() {
        return new AwsServiceException(400, "Throttling", "Rate exceeded");
    }

    int httpStatus() {
        return httpStatus;
    }

    String errorCode() {
        return errorCode;
    }

    /** Query-protocol fault type: the caller's fault below 500, the service's from 500 on. */
    String faultType() {
        return httpStatus >= 500 ? "Receiver" : "Sender";
    }
}
