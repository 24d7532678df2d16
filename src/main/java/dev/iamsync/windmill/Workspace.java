package dev.iamsync.windmill;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Windmill workspace.
 *
 * @param id       workspace id
 * @param archived whether the workspace is archived ({@code "deleted": true} in Windmill's API)
 */
public record Workspace(String id, boolean archived) {
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9_]+(-[A-Za-z0-9_]+)*");
    private static final int MAX_ID_LENGTH = 50;

    public Workspace {
        Objects.requireNonNull(id, "id");
    }

    /**
     * Whether Windmill would accept the id: letters, digits and '_' in runs joined by single '-', at most 50
     * characters, not {@code global}. Only such ids are ever put into a URL.
     */
    public static boolean isValidId(String id) {
        return id.length() <= MAX_ID_LENGTH && VALID_ID.matcher(id).matches() && !id.equals("global");
    }
}
