package dev.iamsync.windmill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamsync.aws.AwsErrors;
import dev.iamsync.config.TokenReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads the token from a Secrets Manager secret whose SecretString is either the token itself or a JSON object
 * with a {@code token} field. The token is kept for {@code timeToLive} so warm Lambda invocations do not read
 * the secret every time, and is never read before the first {@link #token()} call (SnapStart safety).
 */
public final class SecretsManagerTokenSource implements TokenSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration RENEWAL_INTERVAL = Duration.ofSeconds(30);

    private final SecretsManagerClient secrets;
    private final String secretId;
    private final Duration timeToLive;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private String cached;
    private Instant fetchedAt = Instant.MIN;
    private Instant renewedAt = Instant.MIN;

    public SecretsManagerTokenSource(SecretsManagerClient secrets, String secretId, Duration timeToLive, Clock clock) {
        this.secrets = secrets;
        this.secretId = secretId;
        this.timeToLive = timeToLive;
        this.clock = clock;
    }

    @Override
    public String token() {
        // A lock, not synchronized: on Java 21 a virtual thread doing I/O inside synchronized pins its carrier.
        lock.lock();
        try {
            if (cached == null || clock.instant().isAfter(fetchedAt.plus(timeToLive))) {
                cached = fetch();
                fetchedAt = clock.instant();
            }
            return cached;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the secret again, at most once per {@link #RENEWAL_INTERVAL}: after a rotation one read is enough,
     * and a workspace answering 401 to every request must not cost a read each time.
     */
    @Override
    public boolean renew() {
        lock.lock();
        try {
            if (clock.instant().isBefore(renewedAt.plus(RENEWAL_INTERVAL))) {
                return false;
            }
            renewedAt = clock.instant();
            String refused = cached;
            cached = fetch();
            fetchedAt = clock.instant();
            return !cached.equals(refused);
        } finally {
            lock.unlock();
        }
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
        String token = secretString.startsWith("{") ? tokenField(secretString) : secretString;
        if (secretString.startsWith("[") || secretString.startsWith("\"")) {
            throw new TokenUnavailableException("Secrets Manager secret '" + secretId + "' holds JSON that is not an"
                    + " object: store the token as text, or as JSON {\"token\": \"...\"}", null);
        }
        if (!TokenReference.isSendable(token)) {
            throw new TokenUnavailableException("the token in Secrets Manager secret '" + secretId + "' holds"
                    + " characters an HTTP header cannot carry (spaces, control or non-ASCII characters, e.g. a"
                    + " pasted line break); store it again", null);
        }
        return token;
    }

    private String tokenField(String secretString) {
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
