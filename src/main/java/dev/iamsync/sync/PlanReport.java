package dev.iamsync.sync;

import java.util.List;

/**
 * What a sync would do, computed without assuming any role or writing anything.
 *
 * @param mode              {@code plan}
 * @param prefix            the IAM path prefix
 * @param variable          the variable path each workspace would get
 * @param workspaces        each live workspace that would receive roles
 * @param workspacesToEmpty live workspaces without roles whose variable of ours would become {@code {}}
 * @param skippedRoles      roles that would not be synced, and why
 * @param skippedWorkspaces workspaces named by roles that Windmill does not have live
 * @param warnings          things a person should look at, e.g. a prefix that finds no role
 */
public record PlanReport(String mode, String prefix, String variable, List<PlannedWorkspace> workspaces,
        List<String> workspacesToEmpty, List<SyncReport.SkippedRole> skippedRoles,
        List<SyncReport.SkippedWorkspace> skippedWorkspaces, List<String> warnings) {

    public PlanReport {
        workspaces = List.copyOf(workspaces);
        workspacesToEmpty = List.copyOf(workspacesToEmpty);
        warnings = List.copyOf(warnings);
        skippedRoles = List.copyOf(skippedRoles);
        skippedWorkspaces = List.copyOf(skippedWorkspaces);
    }

    /** A workspace and the roles it would get. */
    public record PlannedWorkspace(String workspace, List<PlannedRole> roles) {
        public PlannedWorkspace {
            roles = List.copyOf(roles);
        }
    }

    /** A role that would be assumed, with the session name CloudTrail would show. */
    public record PlannedRole(String role, String roleArn, String sessionName) {
    }
}
