package dev.iamsync.windmill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamsync.aws.AwsErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads the token from a Secrets Manager secret whose SecretString is either the token itself or a JSON object
 * with a {@code token} field. The token is kept for {@code timeToLive} so warm Lambda invocations do not read
 * the secret every time, and is never read before the first {@link #token()} call (SnapStart safety).
 */
public final class SecretsManagerTokenSource implements TokenSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient secrets;
    private final String secretId;
    private final Duration timeToLive;
    private final Clock clock;
    private String cached;
    private Instant fetchedAt = Instant.MIN;

    public SecretsManagerTokenSource(SecretsManagerClient secrets, String secretId, Duration timeToLive, Clock clock) {
        this.secrets = secrets;
        this.secretId = secretId;
        this.timeToLive = timeToLive;
        this.clock = clock;
    }

    @Override
    public synchronized String token() {
        if (cached == null || clock.instant().isAfter(fetchedAt.plus(timeToLive))) {
            cached = fetch();
            fetchedAt = clock.instant();
        }
        return cached;
    }

    @Override
    public synchronized boolean renew() {
        String refused = cached;
        cached = fetch();
        fetchedAt = clock.instant();
        return !cached.equals(refused);
    }

    private String fetch() {
        String secretString;
        try {
            secretString = secrets.getSecretValue(request -> request.secretId(secretId)).secretString();
        } catch (SdkException e) {
            throw new TokenUnavailableException("could not read the Windmill token from Secrets Manager secret '"
                    + secretId + "': " + AwsErrors.describe(e) + ". Check WM_TOKEN_SECRET_ID and that the function"
                    + " may call secretsmanager:GetSecretValue (and kms:Decrypt for a customer-managed key).", e);
        }
        if (secretString == null || secretString.isBlank()) {
            throw new TokenUnavailableException("Secrets Manager secret '" + secretId + "' has no SecretString:"
                    + " store the Windmill token as text, or as JSON {\"token\": \"...\"}", null);
        }
        return tokenFrom(secretString.strip());
    }

    private String tokenFrom(String secretString) {
        if (!secretString.startsWith("{")) {
            return secretString;
        }
        JsonNode node;
        try {
            node = JSON.readTree(secretString);
        } catch (JsonProcessingException e) {
            // the exception text could quote the secret, so it is not passed on
            throw new TokenUnavailableException("Secrets Manager secret '" + secretId + "' starts like JSON but"
                    + " does not parse: store the token as text, or as JSON {\"token\": \"...\"}", null);
        }
        JsonNode token = node.path("token");
        if (!token.isTextual() || token.asText().isBlank()) {
            throw new TokenUnavailableException("Secrets Manager secret '" + secretId + "' is a JSON object without"
                    + " a non-empty string field 'token'", null);
        }
        return token.asText().strip();
    }

    @Override
    public String toString() {
        return "SecretsManagerTokenSource[secretId=" + secretId + "]";
    }
}
