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
    /** No marker, but a JSON object of role credentials: the original helper's format, taken over on write. */
    ADOPTABLE,
    /** Carries the marker of a deployment with another prefix. */
    OTHER_DEPLOYMENT,
    /** Anything else: a person wrote it. */
    PERSON;

    static final String MARKER = "[managed-by: windmill-iam-sync";
    private static final String PREFIX_FIELD = "; prefix: ";

    static String description(PathPrefix prefix) {
        return "Short-lived AWS credentials of this workspace's IAM roles, JSON keyed by role name. Rewritten on"
                + " every refresh; edits are lost. " + MARKER + PREFIX_FIELD + prefix.value() + "]";
    }

    static Ownership of(StoredVariable variable, PathPrefix prefix) {
        String description = variable.description();
        int marker = description.indexOf(MARKER);
        if (marker >= 0) {
            return markedPrefix(description.substring(marker + MARKER.length()))
                    .filter(marked -> !marked.equals(prefix.value()))
                    .map(marked -> OTHER_DEPLOYMENT)
                    .orElse(OURS);
        }
        return CredentialBlob.entriesOf(variable.value(), false).isPresent() ? ADOPTABLE : PERSON;
    }

    /** The prefix named by the text right after the marker, if it names one. */
    static Optional<String> markedPrefix(String afterMarker) {
        int end = afterMarker.indexOf(']');
        if (!afterMarker.startsWith(PREFIX_FIELD) || end < 0) {
            return Optional.empty();
        }
        return Optional.of(afterMarker.substring(PREFIX_FIELD.length(), end));
    }

    boolean mayWrite() {
        return this == OURS || this == ADOPTABLE;
    }
}
