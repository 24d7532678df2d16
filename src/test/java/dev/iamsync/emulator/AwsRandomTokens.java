package dev.iamsync.emulator;

import java.security.SecureRandom;
import java.util.UUID;

/** Random identifiers and secrets shaped like the ones AWS issues. Thread-safe. */
final class AwsRandomTokens {
    private static final String UPPER_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String ALPHANUMERIC = UPPER_ALPHANUMERIC + "abcdefghijklmnopqrstuvwxyz";
    private static final String BASE64 = ALPHANUMERIC + "+/";
    // Real STS session tokens are base64 and begin with the encoding of their "origin" header.
    private static final String SESSION_TOKEN_PREFIX = "IQoJb3JpZ2luX2Vj";

    private final SecureRandom random = new SecureRandom();

    String accessKeyId() {
        return "ASIA" + draw(UPPER_ALPHANUMERIC, 16);
    }

    String roleId() {
        return "AROA" + draw(UPPER_ALPHANUMERIC, 17);
    }

    String secretAccessKey() {
        return draw(BASE64, 40);
    }

    String sessionToken(int length) {
        return SESSION_TOKEN_PREFIX + draw(BASE64, Math.max(0, length - SESSION_TOKEN_PREFIX.length()));
    }

    /** The six characters Secrets Manager appends to a secret's name in its ARN. */
    String secretArnSuffix() {
        return draw(ALPHANUMERIC, 6);
    }

    String requestId() {
        return UUID.randomUUID().toString();
    }

    String versionId() {
        return UUID.randomUUID().toString();
    }

    private String draw(String alphabet, int length) {
        // One read of the generator per token keeps an 850-character session token cheap; the slight modulo bias
        // does not matter for test credentials.
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        StringBuilder drawn = new StringBuilder(length);
        for (byte b : bytes) {
            drawn.append(alphabet.charAt((b & 0xFF) % alphabet.length()));
        }
        return drawn.toString();
    }
}
