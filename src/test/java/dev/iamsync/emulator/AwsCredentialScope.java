package dev.iamsync.emulator;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credential scope of a SigV4 {@code Authorization} header: access key id, date, region and signing service.
 * The signature itself is not verified, because the emulator does not know the caller's secret key.
 */
record AwsCredentialScope(String accessKeyId, String date, String region, String service) {
    private static final Pattern SIGV4 = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,"
                    + "\\s*SignedHeaders=[^,\\s]+\\s*,\\s*Signature=[0-9a-f]{64}\\s*");

    static Optional<AwsCredentialScope> parse(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        Matcher matcher = SIGV4.matcher(authorization.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new AwsCredentialScope(matcher.group(1), matcher.group(2), matcher.group(3),
                matcher.group(4)));
    }
}
