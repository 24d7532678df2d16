package dev.iamsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamsync.windmill.StoredVariable;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CredentialBlobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static StoredVariable variable(String value, String description) {
        return new StoredVariable("f/aws/iam", value, true, description);
    }

    @Test
    void isOurs_markerInDescription_isOurs() {
        assertThat(CredentialBlob.isOurs(variable("anything", "x [" + CredentialBlob.OWNERSHIP_MARKER + "]")))
                .isTrue();
    }

    @Test
    void isOurs_roleCredentialsWithoutMarker_isAdopted() {
        assertThat(CredentialBlob.isOurs(variable("{\"r\":{\"Credentials\":{}}}", ""))).isTrue();
    }

    @Test
    void isOurs_anythingElse_isAPersons() {
        assertThat(CredentialBlob.isOurs(variable("{}", ""))).isFalse();
        assertThat(CredentialBlob.isOurs(variable("{\"r\":{\"Credentials\":{}},\"note\":\"hi\"}", ""))).isFalse();
        assertThat(CredentialBlob.isOurs(variable("{\"r\":{\"Credentials\":\"text\"}}", ""))).isFalse();
        assertThat(CredentialBlob.isOurs(variable("[1,2]", ""))).isFalse();
        assertThat(CredentialBlob.isOurs(variable("not json", ""))).isFalse();
        assertThat(CredentialBlob.isOurs(variable("", ""))).isFalse();
    }

    @Test
    void expirationOf_readsIsoAndTheOriginalHelpersFormat() throws Exception {
        assertThat(CredentialBlob.expirationOf(JSON.readTree(
                "{\"Credentials\":{\"Expiration\":\"2026-12-04T16:22:46Z\"}}")))
                .contains(Instant.parse("2026-12-04T16:22:46Z"));
        assertThat(CredentialBlob.expirationOf(JSON.readTree(
                "{\"Credentials\":{\"Expiration\":\"2023-01-09 17:53:49+00:00\"}}")))
                .contains(Instant.parse("2023-01-09T17:53:49Z"));
        assertThat(CredentialBlob.expirationOf(JSON.readTree(
                "{\"Credentials\":{\"Expiration\":\"2023-01-09 19:53:49.123456+02:00\"}}")))
                .contains(Instant.parse("2023-01-09T17:53:49.123456Z"));
    }

    @Test
    void expirationOf_missingOrGarbled_isEmpty() throws Exception {
        assertThat(CredentialBlob.expirationOf(JSON.readTree("{\"Credentials\":{}}"))).isEmpty();
        assertThat(CredentialBlob.expirationOf(JSON.readTree("{\"Credentials\":{\"Expiration\":\"soon\"}}")))
                .isEmpty();
    }

    @Test
    void sizeInBytes_countsUtf8Bytes() {
        assertThat(CredentialBlob.sizeInBytes("é")).isEqualTo(2);
    }
}
