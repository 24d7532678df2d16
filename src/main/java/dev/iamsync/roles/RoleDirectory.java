package dev.iamsync.roles;

import dev.iamsync.config.PathPrefix;
import java.util.List;

/** The roles IAM holds under a path prefix. */
public interface RoleDirectory {

    /**
     * Lists every role whose path starts with the prefix, following all pages. Returns an empty list when
     * there are none.
     *
     * @throws RoleListingException when IAM cannot be asked or refuses the listing
     */
    List<IamRole> listRoles(PathPrefix prefix);
}
