package dev.iamsync.config;

/** Where the Windmill API token comes from: given directly (local use) or read from Secrets Manager. */
public sealed interface TokenReference {

    /** A token given in the environment. Its {@code toString} never shows it. */
    record Literal(String token) implements TokenReference {
        public Literal {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("token must not be blank");
            }
        }

        @Override
        public String toString() {
            return "Literal[token=****]";
        }
    }

    /** A Secrets Manager secret (name or ARN) whose SecretString is the token or {"token": "..."}. */
    record SecretsManagerSecret(String secretId) implements TokenReference {
        public SecretsManagerSecret {
            if (secretId == null || secretId.isBlank()) {
                throw new IllegalArgumentException("secretId must not be blank");
            }
        }
    }
}
