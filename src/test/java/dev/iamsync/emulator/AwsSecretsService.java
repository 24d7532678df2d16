package dev.iamsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Secrets Manager {@code GetSecretValue} over a store of string secrets, found by name, full or partial ARN. */
final class AwsSecretsService {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9/_+=.@-]{1,512}");
    private static final String CURRENT_STAGE = "AWSCURRENT";
    private static final String NOT_FOUND = "Secrets Manager can't find the specified secret.";

    private record Secret(String name, String arn, String secretString, String versionId, Instant created) {
        @Override
        public String toString() {
            return "Secret[arn=" + arn + ", versionId=" + versionId + "]";
        }
    }

    private final Map<String, Secret> byName = new ConcurrentHashMap<>();
    private final AwsRandomTokens tokens;
    private final Set<String> issuedSecrets;
    private final String arnPrefix;
    private final ObjectMapper json;

    AwsSecretsService(AwsRandomTokens tokens, Set<String> issuedSecrets, String region, String accountId,
                      ObjectMapper json) {
        this.tokens = tokens;
        this.issuedSecrets = issuedSecrets;
        this.arnPrefix = "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:";
        this.json = json;
    }

    /** Stores a new current version; the ARN, with its random suffix, stays the same across versions. */
    void put(String name, String secretString) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Secret name must be 1-512 characters of [a-zA-Z0-9/_+=.@-]: " + name);
        }
        if (secretString == null) {
            throw new IllegalArgumentException("secretString must not be null for secret " + name);
        }
        byName.compute(name, (key, existing) -> new Secret(name,
                existing == null ? arnPrefix + name + "-" + tokens.secretArnSuffix() : existing.arn(),
                secretString, tokens.versionId(), Instant.now()));
    }

    String arnOf(String name) {
        Secret secret = byName.get(name);
        if (secret == null) {
            throw new IllegalArgumentException("No secret named " + name + "; call putSecret first");
        }
        return secret.arn();
    }

    ObjectNode getSecretValue(JsonNode input) {
        String secretId = textOrNull(input, "SecretId");
        String versionId = textOrNull(input, "VersionId");
        String versionStage = textOrNull(input, "VersionStage");
        new AwsConstraintCheck()
                .required("secretId", secretId)
                .length("secretId", secretId, 1, 2048)
                .length("versionId", versionId, 32, 64)
                .length("versionStage", versionStage, 1, 256)
                .throwIfViolated("ValidationException");

        Secret secret = find(secretId).orElseThrow(() -> notFound(NOT_FOUND));
        if (versionId != null && !versionId.equals(secret.versionId())) {
            throw notFound("Secrets Manager can't find the specified secret value for VersionId: " + versionId);
        }
        if (versionStage != null && !versionStage.equals(CURRENT_STAGE)) {
            throw notFound("Secrets Manager can't find the specified secret value for staging label: " + versionStage);
        }

        issuedSecrets.add(secret.secretString());
        ObjectNode output = json.createObjectNode()
                .put("ARN", secret.arn())
                .put("Name", secret.name())
                .put("VersionId", secret.versionId())
                .put("SecretString", secret.secretString());
        output.putArray("VersionStages").add(CURRENT_STAGE);
        // Secrets Manager sends timestamps as epoch seconds with a fraction, e.g. 1.523477145713E9.
        output.put("CreatedDate", secret.created().toEpochMilli() / 1000.0);
        return output;
    }

    private Optional<Secret> find(String secretId) {
        if (!secretId.startsWith("arn:")) {
            return Optional.ofNullable(byName.get(secretId));
        }
        // A partial ARN (without the random suffix) also finds the secret, as in Secrets Manager.
        return byName.values().stream()
                .filter(secret -> secret.arn().equals(secretId) || (arnPrefix + secret.name()).equals(secretId))
                .findFirst();
    }

    private static AwsServiceException notFound(String message) {
        return new AwsServiceException(400, "ResourceNotFoundException", message);
    }

    private static String textOrNull(JsonNode input, String field) {
        JsonNode value = input.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
