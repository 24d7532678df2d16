package dev.iamsync.roles;

import dev.iamsync.config.PathPrefix;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides which Windmill workspace a role belongs to: the first path segment after the prefix of the form
 * {@code w=<id>}. Other {@code key=value} segments and deeper segments are allowed around it.
 */
public final class WorkspaceAssignment {
    private static final String WORKSPACE_KEY = "w=";
    private static final Pattern WORKSPACE_ID = Pattern.compile("[A-Za-z0-9_]+(-[A-Za-z0-9_]+)*");
    private static final int MAX_WORKSPACE_ID_LENGTH = 50;
    private static final String RESERVED_WORKSPACE = "global";

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
        if (id.length() > MAX_WORKSPACE_ID_LENGTH || !WORKSPACE_ID.matcher(id).matches()) {
            return Optional.of("workspace id '" + id + "' is not one Windmill accepts (letters, digits and '_'"
                    + " in runs joined by single '-', at most " + MAX_WORKSPACE_ID_LENGTH + " characters)");
        }
        if (id.equals(RESERVED_WORKSPACE)) {
            return Optional.of("workspace id 'global' is reserved by Windmill");
        }
        return Optional.empty();
    }
}
