package dev.iamsync.roles;

import dev.iamsync.aws.AwsErrors;
import dev.iamsync.config.PathPrefix;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;

/** Lists roles with IAM's ListRoles, following every page ({@code IsTruncated}/{@code Marker}). */
public final class IamRoleDirectory implements RoleDirectory {
    private static final int DEFAULT_MAX_SESSION_SECONDS = 3600;

    private final IamClient iam;

    public IamRoleDirectory(IamClient iam) {
        this.iam = iam;
    }

    @Override
    public List<IamRole> listRoles(PathPrefix prefix) {
        try {
            return iam.listRolesPaginator(request -> request.pathPrefix(prefix.value()).maxItems(1000))
                    .roles()
                    .stream()
                    .map(IamRoleDirectory::toRole)
                    .toList();
        } catch (SdkException e) {
            throw new RoleListingException("IAM ListRoles under " + prefix + " failed: " + AwsErrors.describe(e)
                    + ". Check that the function's role may call iam:ListRoles and can reach IAM.", e);
        }
    }

    private static IamRole toRole(Role role) {
        if (role.roleName() == null || role.path() == null || role.arn() == null) {
            throw new RoleListingException("IAM ListRoles returned a role without RoleName, Path or Arn", null);
        }
        Integer max = role.maxSessionDuration();
        return new IamRole(role.roleName(), role.path(), role.arn(), max == null ? DEFAULT_MAX_SESSION_SECONDS : max);
    }
}
