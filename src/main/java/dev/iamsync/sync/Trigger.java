package dev.iamsync.sync;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a run happens. A run for a role that was just created retries that role's AccessDenied answers for a
 * while, since IAM takes seconds to a minute to make a new role assumable.
 *
 * @param description  for the report and logs, e.g. {@code schedule}
 * @param createdRole  name of a role created moments ago, if the run was triggered by its CreateRole event
 */
public record Trigger(String description, Optional<String> createdRole) {
    public Trigger {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(createdRole, "createdRole");
    }

    public static Trigger of(String description) {
        return new Trigger(description, Optional.empty());
    }

    public static Trigger roleCreated(String roleName) {
        return new Trigger("CreateRole " + roleName, Optional.of(roleName));
    }

    boolean isNewRole(String roleName) {
        return createdRole.map(created -> created.equalsIgnoreCase(roleName)).orElse(false);
    }
}
