package dev.iamsync.emulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The emulated account's roles in insertion order. Names are unique ignoring case, as in IAM. Thread-safe. */
final class AwsRoleStore {
    /** One page of a listing; {@code next} is the sequence to resume from when more roles match. */
    record Page(List<AwsRole> roles, OptionalLong next) {
        Page {
            roles = List.copyOf(roles);
        }
    }

    private final String accountId;
    private final AwsRandomTokens tokens;
    private final Map<String, AwsRole> byLowerCaseName = new LinkedHashMap<>();
    private final Map<String, AwsRole> byArn = new HashMap<>();
    private long nextSequence;

    AwsRoleStore(String accountId, AwsRandomTokens tokens) {
        this.accountId = accountId;
        this.tokens = tokens;
    }

    synchronized AwsRole add(String path, String name, int maxSessionDurationSeconds) {
        String key = lowerCase(name);
        if (byLowerCaseName.containsKey(key)) {
            throw new IllegalArgumentException("Role with name " + name + " already exists.");
        }
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AwsRole role = new AwsRole(nextSequence++, path, name, tokens.roleId(), AwsRole.arnOf(accountId, path, name),
                created, maxSessionDurationSeconds);
        byLowerCaseName.put(key, role);
        byArn.put(role.arn(), role);
        return role;
    }

    synchronized void remove(String name) {
        AwsRole removed = byLowerCaseName.remove(lowerCase(name));
        if (removed == null) {
            throw new IllegalArgumentException("The role with name " + name + " cannot be found.");
        }
        byArn.remove(removed.arn());
    }

    /** The role whose ARN is exactly {@code arn} (path included); empty when there is none. */
    synchronized Optional<AwsRole> findByArn(String arn) {
        return Optional.ofNullable(byArn.get(arn));
    }

    synchronized Page page(String pathPrefix, long fromSequence, int maxRoles) {
        List<AwsRole> roles = new ArrayList<>(Math.min(maxRoles, 1000));
        for (AwsRole role : byLowerCaseName.values()) {
            if (role.sequence() < fromSequence || !role.path().startsWith(pathPrefix)) {
                continue;
            }
            if (roles.size() == maxRoles) {
                return new Page(roles, OptionalLong.of(role.sequence()));
            }
            roles.add(role);
        }
        return new Page(roles, OptionalLong.empty());
    }

    private static String lowerCase(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT);
    }
}
