package dev.iamsync.sync;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The outcome of one run, printed by the CLI and returned by the Lambda. It names roles, workspaces and
 * reasons, never a credential.
 *
 * @param mode       {@code sync}
 * @param status     {@code ok}, {@code partial} (some role or workspace failed), {@code failed} (nothing could
 *                   be done) or {@code ignored} (the event changes nothing)
 * @param trigger    what started the run, e.g. {@code schedule} or {@code CreateRole ec2_ro}
 * @param startedAt  ISO-8601 UTC
 * @param durationMs how long the run took
 * @param roles      what happened to the roles
 * @param workspaces what happened to the workspaces
 * @param warnings   things a person should look at that did not fail the run
 * @param error      why the whole run failed or was ignored, else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncReport(
        String mode,
        String status,
        String trigger,
        String startedAt,
        long durationMs,
        Roles roles,
        Workspaces workspaces,
        List<String> warnings,
        String error) {

    /** Counts and lists for roles. */
    public record Roles(int found, int assumed, int kept, List<FailedRole> failed, List<SkippedRole> skipped) {
        public Roles {
            failed = List.copyOf(failed);
            skipped = List.copyOf(skipped);
        }
    }

    /** A role whose AssumeRole failed; {@code keptUntil} is set when its previous credentials were kept. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FailedRole(String role, String workspace, String roleArn, String errorCode, String reason,
            String keptUntil) {
    }

    /** A role that is not synced, and why. */
    public record SkippedRole(String role, String path, String reason) {
    }

    /** Lists of workspace ids by outcome. */
    public record Workspaces(List<String> written, List<String> emptied, List<String> unchanged,
            List<SkippedWorkspace> skipped, List<FailedWorkspace> failed) {
        public Workspaces {
            written = List.copyOf(written);
            emptied = List.copyOf(emptied);
            unchanged = List.copyOf(unchanged);
            skipped = List.copyOf(skipped);
            failed = List.copyOf(failed);
        }
    }

    /** A workspace named by role paths that Windmill does not have live. */
    public record SkippedWorkspace(String workspace, String reason, List<String> roles) {
        public SkippedWorkspace {
            roles = List.copyOf(roles);
        }
    }

    /** A workspace whose variable could not be written, and what to do about it. */
    public record FailedWorkspace(String workspace, String reason) {
    }

    /** A report for an event that changes nothing in IAM, so no run happened. */
    public static SyncReport ignored(String trigger, String startedAt, String reason) {
        return new SyncReport("sync", "ignored", trigger, startedAt, 0, null, null, null, reason);
    }

    /** A report for a run (or plan) that could not start or could not list what it needs. */
    public static SyncReport failed(String mode, String trigger, String startedAt, long durationMs, String error) {
        return new SyncReport(mode, "failed", trigger, startedAt, durationMs, null, null, null, error);
    }

    /** Whether every role and workspace that could be handled was. */
    @JsonIgnore
    public boolean isClean() {
        return status.equals("ok") || status.equals("ignored");
    }
}
