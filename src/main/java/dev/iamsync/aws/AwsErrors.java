package dev.iamsync.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Short, secret-free descriptions of SDK failures for messages and logs. */
public final class AwsErrors {
    private AwsErrors() {
    }

    /**
     * The AWS error code and message, or the client-side failure, without a closing full stop so callers can go
     * on with their sentence. AWS error messages carry no secrets.
     */
    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return withoutFullStop(service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + "): "
                    + service.awsErrorDetails().errorMessage());
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        // The default chain's own text lists every provider it tried, at great length.
        if (message.startsWith("Unable to load credentials")) {
            return "no AWS credentials found by the SDK's default chain (AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE, web identity, or a container or instance role)";
        }
        return withoutFullStop(e.getClass().getSimpleName() + ": " + message);
    }

    private static String withoutFullStop(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** The AWS error code, or a stand-in naming the client-side failure. */
    public static String code(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }
}
