package dev.iamsync.emulator;

import java.time.Instant;
import java.util.regex.Pattern;

/** One IAM role as the emulator stores it; {@code sequence} orders roles by insertion for stable listing. */
record AwsRole(long sequence, String path, String name, String roleId, String arn, Instant createDate,
               int maxSessionDurationSeconds) {
    // botocore iam pathType and roleNameType.
    private static final Pattern PATH = Pattern.compile("/|/[\\u0021-\\u007E]+/");
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    AwsRole {
        requireValidPath(path);
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Role name must be 1-64 characters of [\\w+=,.@-], got: " + name);
        }
        if (maxSessionDurationSeconds < 3600 || maxSessionDurationSeconds > 43200) {
            throw new IllegalArgumentException(
                    "MaxSessionDuration must be 3600..43200 seconds, got " + maxSessionDurationSeconds);
        }
    }

    static void requireValidPath(String path) {
        if (path == null || path.length() > 512 || !PATH.matcher(path).matches()) {
            throw new IllegalArgumentException(
                    "Role path must be '/' or start and end with '/' (printable ASCII, at most 512), got: " + path);
        }
    }

    /** The role ARN IAM builds: the path without its leading slash sits between {@code role/} and the name. */
    static String arnOf(String accountId, String path, String name) {
        requireValidPath(path);
        return "arn:aws:iam::" + accountId + ":role" + path + name;
    }
}
