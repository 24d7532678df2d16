package dev.iamsync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamsync.credentials.RoleCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Optional;

/**
 * The variable's value: a JSON object keyed by role name, each entry holding {@code Credentials}
 * ({@code AccessKeyId}, {@code SecretAccessKey}, {@code SessionToken}, {@code Expiration}), the
 * {@code AssumedRoleUser} and the {@code RoleArn}, the shape the original helper wrote, so scripts keep working.
 */
final class CredentialBlob {
    /** Windmill keeps secrets as base64 of AES-CBC in a 15,000-character column: 11,247 bytes of plaintext. */
    static final int MAX_SECRET_BYTES = 11_247;

    private static final ObjectMapper JSON = new ObjectMapper();
    // The original helper wrote Python's str(datetime): "2023-01-09 17:53:49+00:00", sometimes with microseconds.
    private static final DateTimeFormatter PYTHON_DATETIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendPattern("XXX")
            .toFormatter();

    private CredentialBlob() {
    }

    static ObjectNode newBlob() {
        return JSON.createObjectNode();
    }

    static ObjectNode entry(String roleArn, RoleCredentials credentials) {
        ObjectNode entry = JSON.createObjectNode();
        ObjectNode creds = entry.putObject("Credentials");
        creds.put("AccessKeyId", credentials.accessKeyId());
        creds.put("SecretAccessKey", credentials.secretAccessKey());
        creds.put("SessionToken", credentials.sessionToken());
        creds.put("Expiration", DateTimeFormatter.ISO_INSTANT.format(
                credentials.expiration().truncatedTo(ChronoUnit.SECONDS)));
        ObjectNode user = entry.putObject("AssumedRoleUser");
        user.put("AssumedRoleId", credentials.assumedRoleId());
        user.put("Arn", credentials.assumedRoleArn());
        entry.put("RoleArn", roleArn);
        return entry;
    }

    /**
     * The role entries of a stored value: present only when the value is a JSON object whose every member is an
     * object with a {@code Credentials} object. An empty object counts only when {@code allowEmpty}.
     */
    static Optional<ObjectNode> entriesOf(String value, boolean allowEmpty) {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject() || node.isEmpty() && !allowEmpty) {
            return Optional.empty();
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            if (!it.next().path("Credentials").isObject()) {
                return Optional.empty();
            }
        }
        return Optional.of((ObjectNode) node);
    }

    /**
     * Whether every entry holds temporary STS credentials, as the original helper wrote: a session token, an
     * expiration, and a key id that is not a long-term one ({@code AKIA...}). A person's static keys in the same
     * shape are not the helper's.
     */
    static boolean holdsOnlyStsCredentials(ObjectNode entries) {
        for (Iterator<JsonNode> it = entries.elements(); it.hasNext(); ) {
            JsonNode credentials = it.next().path("Credentials");
            boolean temporary = !credentials.path("SessionToken").asText("").isEmpty()
                    && !credentials.path("Expiration").asText("").isEmpty()
                    && !credentials.path("AccessKeyId").asText("AKIA").startsWith("AKIA");
            if (!temporary) {
                return false;
            }
        }
        return true;
    }

    /** The entry's expiration, in the sync's ISO-8601 form or the original helper's; empty when unreadable. */
    static Optional<Instant> expirationOf(JsonNode entry) {
        String text = entry.path("Credentials").path("Expiration").asText("");
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException notIso) {
            try {
                return Optional.of(OffsetDateTime.parse(text, PYTHON_DATETIME).toInstant());
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }

    static String serialise(ObjectNode blob) {
        return blob.toString();
    }

    static int sizeInBytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }
}
