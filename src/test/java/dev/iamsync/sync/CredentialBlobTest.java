package dev.iamsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamsync.config.PathPrefix;
import dev.iamsync.windmill.StoredVariable;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CredentialBlobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PathPrefix PREFIX = PathPrefix.normalise("/windmill-stage/");

    private static StoredVariable variable(String value, String description) {
        return new StoredVariable("f/aws/iam", value, true, description);
    }

    @Test
    void ownership_ourMarkerWithOurPrefixOrNone_isOurs() {
        assertThat(Ownership.of(variable("anything", Ownership.description(PREFIX)), PREFIX)).isEqualTo(Ownership.OURS);
        assertThat(Ownership.of(variable("x", "notes " + Ownership.MARKER + "]"), PREFIX)).isEqualTo(Ownership.OURS);
    }

    @Test
    void ownership_markerOfAnotherPrefix_isAnotherDeployments() {
        StoredVariable prod = variable("{}", Ownership.description(PathPrefix.normalise("/windmill-prod/")));

        assertThat(Ownership.of(prod, PREFIX)).isEqualTo(Ownership.OTHER_DEPLOYMENT);
        assertThat(Ownership.of(prod, PREFIX).mayWrite()).isFalse();
    }

    @Test
    void ownership_descriptionCutShortInsideThePrefix_comparesWhatIsLeft() {
        String ours = Ownership.description(PREFIX).substring(0, Ownership.MARKER.length() + 14);
        String prod = Ownership.description(PathPrefix.normalise("/windmill-prod-long/")).substring(0,
                Ownership.MARKER.length() + 22);

        assertThat(Ownership.description(PREFIX)).startsWith(Ownership.MARKER);
        assertThat(Ownership.of(variable("{}", ours), PREFIX)).isEqualTo(Ownership.OURS);
        assertThat(Ownership.of(variable("{}", prod), PREFIX)).isEqualTo(Ownership.OTHER_DEPLOYMENT);
    }

    @Test
    void ownership_temporaryRoleCredentialsWithoutMarker_isAdoptable() {
        String helper = "{\"r\":{\"Credentials\":{\"AccessKeyId\":\"ASIAX\",\"SecretAccessKey\":\"s\","
                + "\"SessionToken\":\"t\",\"Expiration\":\"2023-01-09 17:53:49+00:00\"}}}";

        assertThat(Ownership.of(variable(helper, ""), PREFIX)).isEqualTo(Ownership.ADOPTABLE);
    }

    @Test
    void ownership_staticKeysInTheHelpersShape_areAPersons() {
        String staticKeys = "{\"prod_admin\":{\"Credentials\":{\"AccessKeyId\":\"AKIAPERSON\","
                + "\"SecretAccessKey\":\"s\"}}}";

        assertThat(Ownership.of(variable(staticKeys, "my own prod keys"), PREFIX)).isEqualTo(Ownership.PERSON);
    }

    @Test
    void ownership_anythingElse_isAPersons() {
        for (String value : new String[] {"{}", "{\"r\":{\"Credentials\":{}}}",
            "{\"r\":{\"Credentials\":{}},\"note\":\"hi\"}",
            "{\"r\":{\"Credentials\":\"text\"}}", "[1,2]", "not json", ""}) {
            assertThat(Ownership.of(variable(value, ""), PREFIX)).as(value).isEqualTo(Ownership.PERSON);
        }
        assertThat(Ownership.of(variable("x", "NOT managed-by: windmill-iam-sync, hands off"), PREFIX))
                .isEqualTo(Ownership.PERSON);
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
