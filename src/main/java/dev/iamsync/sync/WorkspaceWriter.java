package dev.iamsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamsync.config.PathPrefix;
import dev.iamsync.config.SyncConfig;
import dev.iamsync.log.JsonLog;
import dev.iamsync.windmill.StoredVariable;
import dev.iamsync.windmill.VariableExistsException;
import dev.iamsync.windmill.WindmillClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes one workspace's variable: refuses to touch a variable a person wrote, keeps a failed role's previous
 * credentials while they stay valid, never sends a value Windmill cannot store, and creates the folder first.
 */
final class WorkspaceWriter {
    /** A failed role keeps its previous credentials only if they stay valid at least this long. */
    static final Duration KEEP_MARGIN = Duration.ofMinutes(5);
    /** STS sessions last at most 12 hours; a later expiration was not written by STS and is not trusted. */
    static final Duration LONGEST_SESSION = Duration.ofHours(12).plus(KEEP_MARGIN);

    private final WindmillClient windmill;
    private final PathPrefix prefix;
    private final String description;
    private final String folder;
    private final String variablePath;
    private final Duration sessionDuration;
    private final JsonLog log;
    private final Clock clock;

    WorkspaceWriter(WindmillClient windmill, SyncConfig config, JsonLog log, Clock clock) {
        this.windmill = windmill;
        this.prefix = config.pathPrefix();
        this.description = Ownership.description(prefix);
        this.folder = config.folder();
        this.variablePath = config.variablePath();
        this.sessionDuration = config.sessionDuration();
        this.log = log;
        this.clock = clock;
    }

    /** The outcome of assuming one role: fresh credentials as a blob entry, or none (the failure is reported). */
    record RoleResult(String role, String roleArn, Optional<ObjectNode> entry) {
    }

    void write(String workspace, Iterable<RoleResult> results, RunLedger ledger) {
        Optional<StoredVariable> current = windmill.getVariable(workspace, variablePath);
        Optional<Ownership> owner = current.map(variable -> Ownership.of(variable, prefix));
        if (owner.isPresent() && !owner.get().mayWrite()) {
            fail(workspace, notOursMessage(workspace, current.get()), ledger);
            return;
        }
        ObjectNode previous = current.flatMap(variable -> CredentialBlob.entriesOf(variable.value(), true))
                .orElseGet(CredentialBlob::newBlob);
        ObjectNode blob = merge(workspace, results, previous, ledger);
        String value = CredentialBlob.serialise(blob);
        int bytes = CredentialBlob.sizeInBytes(value);
        if (bytes > CredentialBlob.MAX_SECRET_BYTES) {
            fail(workspace, "the credentials of its " + blob.size() + " roles take " + bytes + " bytes, more than the "
                    + CredentialBlob.MAX_SECRET_BYTES + " bytes Windmill can store in a secret variable; nothing was"
                    + " written and the current variable is unchanged. Move some roles to another workspace.", ledger);
            return;
        }
        if (current.isPresent() && current.get().secret() && current.get().value().equals(value)) {
            ledger.workspaceUnchanged(workspace);
            log.info("workspace unchanged", "workspace", workspace, "variable", variablePath, "roles", blob.size());
            return;
        }
        if (owner.orElse(Ownership.OURS) == Ownership.ADOPTABLE) {
            log.info("adopting a variable in the original helper's format: it is rewritten and made secret",
                    "workspace", workspace, "variable", variablePath);
        }
        store(workspace, current, value, ledger);
        ledger.workspaceWritten(workspace);
        log.info("workspace written", "workspace", workspace, "variable", variablePath, "roles", blob.size(),
                "bytes", bytes);
    }

    /** What a live workspace without roles holds at the variable path. */
    enum Leftover {
        /** No variable, or one a person wrote: nothing to do. */
        NONE,
        /** Our variable, already {@code {}}. */
        EMPTY,
        /** Our variable, still listing roles that are gone. */
        STALE
    }

    Leftover leftover(String workspace) {
        // exists is not audited, unlike a decrypting read, and most workspaces without roles have no variable
        if (!windmill.variableExists(workspace, variablePath)) {
            return Leftover.NONE;
        }
        Optional<StoredVariable> current = windmill.getVariable(workspace, variablePath);
        // Only a variable carrying our marker is emptied; one in the original helper's format may still be fed.
        if (current.isEmpty() || Ownership.of(current.get(), prefix) != Ownership.OURS) {
            return Leftover.NONE;
        }
        boolean isEmpty = current.get().secret() && current.get().value().equals(emptyValue());
        return isEmpty ? Leftover.EMPTY : Leftover.STALE;
    }

    /** For a live workspace with no roles: our variable becomes {@code {}}, so scripts see "no roles", not a 404. */
    void empty(String workspace, RunLedger ledger) {
        Leftover leftover = leftover(workspace);
        if (leftover == Leftover.EMPTY) {
            ledger.workspaceUnchanged(workspace);
        } else if (leftover == Leftover.STALE) {
            windmill.updateSecretVariable(workspace, variablePath, emptyValue(), description);
            ledger.workspaceEmptied(workspace);
            log.info("workspace emptied: it has no roles any more", "workspace", workspace, "variable", variablePath);
        }
    }

    private static String emptyValue() {
        return CredentialBlob.serialise(CredentialBlob.newBlob());
    }

    private ObjectNode merge(String workspace, Iterable<RoleResult> results, ObjectNode previous, RunLedger ledger) {
        ObjectNode blob = CredentialBlob.newBlob();
        keepEntriesOfNewerRuns(workspace, results, previous, blob, ledger.startedAt());
        for (RoleResult result : results) {
            if (result.entry().isPresent()) {
                blob.set(result.role(), result.entry().get());
                continue;
            }
            JsonNode old = previous.get(result.role());
            boolean sameRole = old != null && old.path("RoleArn").asText(result.roleArn()).equals(result.roleArn());
            Optional<Instant> expiration = sameRole
                    ? CredentialBlob.expirationOf(old).filter(this::isWorthKeeping) : Optional.empty();
            if (expiration.isPresent()) {
                blob.set(result.role(), old);
                ledger.roleKept(workspace, result.role(), expiration.get().toString());
                log.warn("kept previous credentials of a role that could not be assumed", "workspace", workspace,
                        "role", result.role(), "validUntil", expiration.get().toString());
            }
        }
        return sortedByRole(blob);
    }

    /**
     * Runs may overlap (a schedule and a CreateRole event). An entry for a role this run did not list, issued
     * after this run started, comes from a newer run that listed a role created since: dropping it would undo
     * that run's work until the next one. Sessions never last longer than requested, so an entry expiring later
     * than this run's start plus the session length was issued after the start.
     */
    private void keepEntriesOfNewerRuns(String workspace, Iterable<RoleResult> results, ObjectNode previous,
            ObjectNode blob, Instant runStartedAt) {
        Set<String> listed = new HashSet<>();
        results.forEach(result -> listed.add(result.role()));
        Instant issuedAfterStart = runStartedAt.plus(sessionDuration);
        previous.fieldNames().forEachRemaining(role -> {
            JsonNode entry = previous.get(role);
            boolean newer = CredentialBlob.expirationOf(entry)
                    .filter(expiration -> expiration.isAfter(issuedAfterStart))
                    .filter(this::isWorthKeeping)
                    .isPresent();
            if (newer && !listed.contains(role)) {
                blob.set(role, entry);
                log.info("kept a role written by a newer, overlapping run", "workspace", workspace, "role", role);
            }
        });
    }

    private boolean isWorthKeeping(Instant expiration) {
        Instant now = clock.instant();
        return !expiration.isBefore(now.plus(KEEP_MARGIN)) && !expiration.isAfter(now.plus(LONGEST_SESSION));
    }

    private void store(String workspace, Optional<StoredVariable> current, String value, RunLedger ledger) {
        if (!windmill.folderExists(workspace, folder)) {
            windmill.createFolder(workspace, folder);
            log.info("folder created, readable by every workspace member", "workspace", workspace, "folder", folder);
        }
        if (current.isPresent()) {
            windmill.updateSecretVariable(workspace, variablePath, value, description);
            return;
        }
        try {
            windmill.createSecretVariable(workspace, variablePath, value, description);
        } catch (VariableExistsException e) {
            // Someone created it since it was read: overwrite it only if it is ours after all.
            Optional<StoredVariable> now = windmill.getVariable(workspace, variablePath);
            if (now.isPresent() && !Ownership.of(now.get(), prefix).mayWrite()) {
                throw new ForeignVariableException(notOursMessage(workspace, now.get()));
            }
            windmill.updateSecretVariable(workspace, variablePath, value, description);
        }
    }

    private String notOursMessage(String workspace, StoredVariable variable) {
        if (Ownership.of(variable, prefix) == Ownership.OTHER_DEPLOYMENT) {
            return "variable " + variablePath + " in workspace " + workspace + " belongs to another"
                    + " windmill-iam-sync deployment (its description names another prefix), so it was left"
                    + " untouched. Give each deployment its own WM_VARIABLE or WM_FOLDER; if this deployment's"
                    + " prefix was changed, delete the variable in Windmill and the next run writes it afresh.";
        }
        return "variable " + variablePath + " in workspace " + workspace + " was not written by windmill-iam-sync"
                + " (its description lacks '" + Ownership.MARKER + "' and its value is not a JSON object of"
                + " temporary role credentials), so it was left untouched. Rename or delete it in Windmill, or set"
                + " WM_FOLDER/WM_VARIABLE to a free path.";
    }

    private void fail(String workspace, String reason, RunLedger ledger) {
        ledger.workspaceFailed(new SyncReport.FailedWorkspace(workspace, reason));
        log.warn("workspace not written", "workspace", workspace, "variable", variablePath, "reason", reason);
    }

    private static ObjectNode sortedByRole(ObjectNode blob) {
        ObjectNode sorted = CredentialBlob.newBlob();
        List<String> names = new ArrayList<>();
        blob.fieldNames().forEachRemaining(names::add);
        names.sort(String::compareTo);
        names.forEach(name -> sorted.set(name, blob.get(name)));
        return sorted;
    }

    /** A person's variable appeared at the path between our read and our create. */
    static final class ForeignVariableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ForeignVariableException(String message) {
            super(message);
        }
    }
}
