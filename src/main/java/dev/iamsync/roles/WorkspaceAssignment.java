package dev.iamsync.roles;

import dev.iamsync.config.PathPrefix;
import dev.iamsync.windmill.Workspace;
import java.util.Optional;

/**
 * Decides which Windmill workspace a role belongs to: the first path segment after the prefix of the form
 * {@code w=<id>}. Other {@code key=value} segments and deeper segments are allowed around it.
 */
public final class WorkspaceAssignment {
    private static final String WORKSPACE_KEY = "w=";

    /** A role's verdict: the workspace it serves, or why it serves none. */
    public sealed interface Verdict {
        IamRole role();
    }

    /** The role serves {@code workspace}. */
    public record Assigned(IamRole role, String workspace) implements Verdict {
    }

    /** The role serves no workspace, for {@code reason}. */
    public record Unassigned(IamRole role, String reason) implements Verdict {
    }

    private WorkspaceAssignment() {
    }

    /** Judges one role; a role outside the prefix is never assigned, whatever IAM returned. */
    public static Verdict judge(PathPrefix prefix, IamRole role) {
        if (!prefix.covers(role.path())) {
            return new Unassigned(role, "path " + role.path() + " is outside the prefix " + prefix);
        }
        if (!role.arn().endsWith(":role" + role.path() + role.name())) {
            return new Unassigned(role, "ARN " + role.arn() + " does not match path " + role.path() + " and name "
                    + role.name());
        }
        Optional<String> id = workspaceSegment(prefix.remainderOf(role.path()));
        if (id.isEmpty()) {
            return new Unassigned(role, "path " + role.path() + " has no w=<workspace> segment after " + prefix);
        }
        return validationProblem(id.get())
                .<Verdict>map(problem -> new Unassigned(role, "path " + role.path() + ": " + problem))
                .orElseGet(() -> new Assigned(role, id.get()));
    }

    private static Optional<String> workspaceSegment(String remainder) {
        for (String segment : remainder.split("/")) {
            if (segment.startsWith(WORKSPACE_KEY)) {
                return Optional.of(segment.substring(WORKSPACE_KEY.length()));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> validationProblem(String id) {
        if (id.isEmpty()) {
            return Optional.of("the w= segment names no workspace");
        }
        if (id.equals("global")) {
            return Optional.of("workspace id 'global' is reserved by Windmill");
        }
        if (!Workspace.isValidId(id)) {
            return Optional.of("workspace id '" + id + "' is not one Windmill accepts (letters, digits and '_'"
                    + " in runs joined by single '-', at most 50 characters)");
        }
        return Optional.empty();
    }
}
