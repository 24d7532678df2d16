package dev.iamsync.windmill;

/** Supplies the Windmill API token, fetching it lazily so that nothing secret exists before a run starts. */
public interface TokenSource {

    /**
     * The current token.
     *
     * @throws TokenUnavailableException when it cannot be read
     */
    String token();

    /**
     * Drops any cached token and reads it again, for when Windmill refused it (it may have been rotated).
     *
     * @return whether the token read now differs from the one refused
     */
    boolean renew();

    /** A token given directly; renewing can never change it. */
    static TokenSource fixed(String token) {
        return new TokenSource() {
            @Override
            public String token() {
                return token;
            }

            @Override
            public boolean renew() {
                return false;
            }

            @Override
            public String toString() {
                return "TokenSource[fixed, token=****]";
            }
        };
    }
}
