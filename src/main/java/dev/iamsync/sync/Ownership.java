package dev.iamsync.sync;

import dev.iamsync.config.PathPrefix;
import dev.iamsync.windmill.StoredVariable;
import java.util.Optional;

/**
 * Who wrote a variable, as far as the sync can tell. The sync writes a marker naming its prefix into the
 * description, so two deployments sharing a variable path never overwrite or empty each other's variables.
 */
enum Ownership {
    /** Carries our marker with our prefix (or no prefix). */
    OURS,
    /**
     * No marker, but a JSON object of temporary role credentials: the original helper's format, taken over on
     * write.
     */
    ADOPTABLE,
    /** Carries the marker of a deployment with another prefix. */
    OTHER_DEPLOYMENT,
    /** Anything else: a person wrote it. */
    PERSON;

    static final String MARKER = "[managed-by: windmill-iam-sync";
    private static final String PREFIX_FIELD = "; prefix: ";

    /** The marker comes first: Windmill servers before 1.478 cut descriptions at 255 characters. */
    static String description(PathPrefix prefix) {
        return MARKER + PREFIX_FIELD + prefix.value() + "] Short-lived AWS credentials of this workspace's IAM"
                + " roles, JSON keyed by role name; rewritten on every refresh, so edits are lost.";
    }

    static Ownership of(StoredVariable variable, PathPrefix prefix) {
        String description = variable.description();
        int marker = description.indexOf(MARKER);
        if (marker >= 0) {
            return markedPrefix(description.substring(marker + MARKER.length()))
                    .map(marked -> marked.isOurs(prefix) ? OURS : OTHER_DEPLOYMENT)
                    .orElse(OURS);
        }
        return CredentialBlob.entriesOf(variable.value(), false)
                .filter(CredentialBlob::holdsOnlyStsCredentials)
                .map(entries -> ADOPTABLE)
                .orElse(PERSON);
    }

    /** The prefix a marker names; {@code complete} is false when Windmill cut the description inside it. */
    record MarkedPrefix(String text, boolean complete) {
        boolean isOurs(PathPrefix prefix) {
            return complete ? text.equals(prefix.value()) : prefix.value().startsWith(text);
        }
    }

    /** The prefix named right after the marker, if the marker names one. */
    static Optional<MarkedPrefix> markedPrefix(String afterMarker) {
        if (!afterMarker.startsWith(PREFIX_FIELD)) {
            return Optional.empty();
        }
        int end = afterMarker.indexOf(']');
        return Optional.of(end < 0
                ? new MarkedPrefix(afterMarker.substring(PREFIX_FIELD.length()), false)
                : new MarkedPrefix(afterMarker.substring(PREFIX_FIELD.length(), end), true));
    }

    boolean mayWrite() {
        return this == OURS || this == ADOPTABLE;
    }
}
