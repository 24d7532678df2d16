package dev.iamsync.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Builds RoleSessionNames that name the workspace in CloudTrail, {@code wm-<workspace>.<role>} (workspace ids
 * hold no '.', so the first one ends the workspace), and are always valid: 2..64 characters of
 * {@code [\w+=,.@-]}. A name that would be too long is cut and given a hash suffix of the full name, so two
 * long names stay distinct and a name never changes between runs.
 */
public final class SessionNames {
    static final int MAX_LENGTH = 64;
    private static final int HASH_CHARS = 8;

    private SessionNames() {
    }

    public static String of(String workspace, String roleName) {
        String full = sanitise("wm-" + workspace + "." + roleName);
        if (full.length() <= MAX_LENGTH) {
            return full;
        }
        String hash = sha256Hex(full).substring(0, HASH_CHARS);
        return full.substring(0, MAX_LENGTH - HASH_CHARS - 1) + "-" + hash;
    }

    private static String sanitise(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (char c : raw.toCharArray()) {
            boolean allowed = c < 128 && (Character.isLetterOrDigit(c) || "_+=,.@-".indexOf(c) >= 0);
            out.append(allowed ? c : '_');
        }
        return out.toString();
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
