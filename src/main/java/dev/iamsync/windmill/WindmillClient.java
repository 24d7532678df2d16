package dev.iamsync.windmill;

import java.util.List;
import java.util.Optional;

/**
 * The slice of Windmill's REST API the sync uses. Every method throws {@link WindmillAuthException} when the
 * token is refused and {@link WindmillException} for any other failure.
 */
public interface WindmillClient {

    /** Every workspace, archived ones included, each once. */
    List<Workspace> listWorkspaces();

    boolean folderExists(String workspace, String folder);

    /** Creates a folder that every member of the workspace can read. */
    void createFolder(String workspace, String folder);

    /** The variable with its decrypted value, or empty when there is none at that path. */
    Optional<StoredVariable> getVariable(String workspace, String path);

    boolean variableExists(String workspace, String path);

    /**
     * Creates a secret variable.
     *
     * @throws VariableExistsException when something already exists at that path
     */
    void createSecretVariable(String workspace, String path, String value, String description);

    /** Replaces the value and description of an existing variable and makes it secret. */
    void updateSecretVariable(String workspace, String path, String value, String description);
}
