package dev.iamsync.credentials;

import java.time.Duration;

/** Hands out temporary credentials for a role (STS AssumeRole). */
public interface CredentialIssuer {

    /**
     * Assumes the role once; retrying throttling and server errors is the adapter's business, anything else
     * is the caller's.
     *
     * @param roleArn     full role ARN, path included
     * @param sessionName a valid RoleSessionName (2..64 of {@code [\w+=,.@-]})
     * @param duration    requested session length
     * @throws AssumeRoleException when STS refuses or cannot be reached
     */
    RoleCredentials assume(String roleArn, String sessionName, Duration duration);
}
