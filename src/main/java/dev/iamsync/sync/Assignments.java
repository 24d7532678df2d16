package dev.iamsync.sync;

import dev.iamsync.config.PathPrefix;
import dev.iamsync.roles.IamRole;
import dev.iamsync.roles.WorkspaceAssignment;
import dev.iamsync.windmill.Workspace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Roles sorted into the live workspaces they serve, plus what was set aside and why. Only a role whose path is
 * under the prefix, names a valid workspace id, and whose workspace is live in Windmill reaches a workspace.
 */
record Assignments(
        Map<String, List<IamRole>> rolesByWorkspace,
        List<SyncReport.SkippedRole> skippedRoles,
        List<SyncReport.SkippedWorkspace> skippedWorkspaces) {

    /**
     * Whether any role serves a live workspace. When none does, a mistyped prefix or paths missing their w=
     * segment are far likelier than a deliberate removal of every role, so nothing may be emptied.
     */
    boolean servesAnyWorkspace() {
        return !rolesByWorkspace.isEmpty();
    }

    static Assignments of(PathPrefix prefix, Collection<IamRole> roles, Map<String, Workspace> workspaces) {
        Map<String, List<IamRole>> live = new TreeMap<>();
        Map<String, List<IamRole>> notLive = new TreeMap<>();
        List<SyncReport.SkippedRole> skippedRoles = new ArrayList<>();
        for (IamRole role : roles) {
            switch (WorkspaceAssignment.judge(prefix, role)) {
                case WorkspaceAssignment.Unassigned unassigned ->
                        skippedRoles.add(new SyncReport.SkippedRole(role.name(), role.path(), unassigned.reason()));
                case WorkspaceAssignment.Assigned assigned -> {
                    Workspace workspace = workspaces.get(assigned.workspace());
                    boolean isLive = workspace != null && !workspace.archived();
                    (isLive ? live : notLive).computeIfAbsent(assigned.workspace(), id -> new ArrayList<>()).add(role);
                }
            }
        }
        List<SyncReport.SkippedWorkspace> skippedWorkspaces = new ArrayList<>();
        notLive.forEach((id, idRoles) -> {
            String reason = workspaces.containsKey(id)
                    ? "workspace '" + id + "' is archived in Windmill"
                    : "workspace '" + id + "' does not exist in Windmill";
            skippedWorkspaces.add(new SyncReport.SkippedWorkspace(id, reason,
                    idRoles.stream().map(IamRole::name).sorted().toList()));
            idRoles.forEach(role -> skippedRoles.add(new SyncReport.SkippedRole(role.name(), role.path(), reason)));
        });
        live.replaceAll((id, idRoles) -> List.copyOf(idRoles));
        return new Assignments(Map.copyOf(live), List.copyOf(skippedRoles), List.copyOf(skippedWorkspaces));
    }
}
