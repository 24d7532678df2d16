package dev.iamsync.config;

/** Where the Windmill API token comes from: given directly (local use) or read from Secrets Manager. */
public sealed interface TokenReference {

    /**
     * Whether a token can travel in an {@code Authorization} header: visible ASCII only. Anything else (a pasted
     * newline, a zero-width space) would make the HTTP client fail with a message that quotes the header.
     */
    static boolean isSendable(String token) {
        return !token.isEmpty() && token.chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }

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
