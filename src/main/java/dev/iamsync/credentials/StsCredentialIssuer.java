package dev.iamsync.credentials;

import dev.iamsync.aws.AwsErrors;
import java.time.Duration;
import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumedRoleUser;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Assumes roles with STS AssumeRole; the SDK's standard retry mode covers throttling and 5xx answers. */
public final class StsCredentialIssuer implements CredentialIssuer {
    private final StsClient sts;

    public StsCredentialIssuer(StsClient sts) {
        this.sts = sts;
    }

    @Override
    public RoleCredentials assume(String roleArn, String sessionName, Duration duration) {
        AssumeRoleResponse response;
        try {
            response = sts.assumeRole(request -> request
                    .roleArn(roleArn)
                    .roleSessionName(sessionName)
                    .durationSeconds(Math.toIntExact(duration.toSeconds())));
        } catch (SdkException e) {
            String code = AwsErrors.code(e);
            throw new AssumeRoleException(classify(code, e.getMessage()), code,
                    "AssumeRole of " + roleArn + " failed: " + AwsErrors.describe(e), e);
        }
        Credentials credentials = response.credentials();
        AssumedRoleUser user = response.assumedRoleUser();
        if (credentials == null || credentials.accessKeyId() == null || credentials.secretAccessKey() == null
                || credentials.sessionToken() == null || credentials.expiration() == null || user == null
                || user.assumedRoleId() == null || user.arn() == null) {
            throw new AssumeRoleException(AssumeRoleException.Kind.OTHER, "IncompleteResponse",
                    "AssumeRole of " + roleArn + " answered without complete Credentials and AssumedRoleUser", null);
        }
        return new RoleCredentials(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken(), credentials.expiration(), user.assumedRoleId(), user.arn());
    }

    private static AssumeRoleException.Kind classify(String code, String message) {
        if (code.equals("AccessDenied") || code.equals("AccessDeniedException")) {
            return AssumeRoleException.Kind.ACCESS_DENIED;
        }
        // STS answers a ValidationError whose message names role chaining; there is no dedicated code.
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (code.equals("ValidationError") && text.contains("role chaining")) {
            return AssumeRoleException.Kind.ROLE_CHAINING_LIMIT;
        }
        return AssumeRoleException.Kind.OTHER;
    }
}
