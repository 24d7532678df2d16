package dev.iamsync.credentials;

import java.time.Instant;
import java.util.Objects;

/**
 * Temporary credentials of one assumed role. {@code toString} shows only the key id and ARNs, never the secret
 * key or the session token.
 */
public record RoleCredentials(
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        Instant expiration,
        String assumedRoleId,
        String assumedRoleArn) {

    public RoleCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
        Objects.requireNonNull(assumedRoleId, "assumedRoleId");
        Objects.requireNonNull(assumedRoleArn, "assumedRoleArn");
    }

    @Override
    public String toString() {
        return "RoleCredentials[accessKeyId=" + accessKeyId + ", expiration=" + expiration
                + ", assumedRoleArn=" + assumedRoleArn + ", secretAccessKey=****, sessionToken=****]";
    }
}
