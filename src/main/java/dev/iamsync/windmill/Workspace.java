package dev.iamsync.windmill;

import java.util.Objects;

/**
 * A Windmill workspace.
 *
 * @param id       workspace id
 * @param archived whether the workspace is archived ({@code "deleted": true} in Windmill's API)
 */
public record Workspace(String id, boolean archived) {
    public Workspace {
        Objects.requireNonNull(id, "id");
    }
}
