package dev.iamsync.roles;

import java.util.Objects;

/**
 * An IAM role as listed by IAM.
 *
 * @param name                      role name, unique per account (case-insensitively)
 * @param path                      role path, starting and ending with {@code /}
 * @param arn                       full role ARN, path included
 * @param maxSessionDurationSeconds the role's own cap on session length
 */
public record IamRole(String name, String path, String arn, int maxSessionDurationSeconds) {
    public IamRole {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(arn, "arn");
    }
}
