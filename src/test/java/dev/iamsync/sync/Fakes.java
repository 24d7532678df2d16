package dev.iamsync.sync;

import dev.iamsync.config.PathPrefix;
import dev.iamsync.credentials.AssumeRoleException;
import dev.iamsync.credentials.CredentialIssuer;
import dev.iamsync.credentials.RoleCredentials;
import dev.iamsync.roles.IamRole;
import dev.iamsync.roles.RoleDirectory;
import dev.iamsync.roles.RoleListingException;
import dev.iamsync.windmill.StoredVariable;
import dev.iamsync.windmill.VariableExistsException;
import dev.iamsync.windmill.WindmillAuthException;
import dev.iamsync.windmill.WindmillClient;
import dev.iamsync.windmill.WindmillException;
import dev.iamsync.windmill.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** In-memory fakes of the core's ports. */
final class Fakes {
    private Fakes() {
    }

    /** A clock the test moves; the sleeper moves it instead of waiting. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        synchronized void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static final class Roles implements RoleDirectory {
        final List<IamRole> roles = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger listings = new AtomicInteger();
        /** How many more listings leave out the newest role, as IAM's eventually consistent listing may. */
        int hideNewestFor;
        RuntimeException failure;

        IamRole add(String path, String name) {
            IamRole role = new IamRole(name, path, "arn:aws:iam::111122223333:role" + path + name, 3600);
            roles.add(role);
            return role;
        }

        @Override
        public List<IamRole> listRoles(PathPrefix prefix) {
            listings.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            if (hideNewestFor > 0) {
                hideNewestFor--;
                return List.copyOf(roles.subList(0, roles.size() - 1));
            }
            return List.copyOf(roles);
        }

        static RoleListingException denied() {
            return new RoleListingException("IAM ListRoles under /p/ failed: AccessDenied (HTTP 403): not allowed.",
                    null);
        }
    }

    record Call(String roleArn, String sessionName, Duration duration) {
    }

    static final class Issuer implements CredentialIssuer {
        private final Clock clock;
        private final Map<String, Deque<Supplier<RuntimeException>>> scripted = new ConcurrentHashMap<>();
        private final Set<String> alwaysDenied = ConcurrentHashMap.newKeySet();
        final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger issued = new AtomicInteger();
        boolean capChainedSessions;

        Issuer(Clock clock) {
            this.clock = clock;
        }

        void deny(IamRole role) {
            alwaysDenied.add(role.arn());
        }

        void failNext(IamRole role, int times, Supplier<RuntimeException> failure) {
            Deque<Supplier<RuntimeException>> queue = scripted.computeIfAbsent(role.arn(), arn -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(failure);
            }
        }

        @Override
        public RoleCredentials assume(String roleArn, String sessionName, Duration duration) {
            calls.add(new Call(roleArn, sessionName, duration));
            if (alwaysDenied.contains(roleArn)) {
                throw accessDenied(roleArn);
            }
            if (capChainedSessions && duration.toSeconds() > 3600) {
                throw new AssumeRoleException(AssumeRoleException.Kind.ROLE_CHAINING_LIMIT, "ValidationError",
                        "AssumeRole of " + roleArn + " failed: ValidationError (HTTP 400): The requested"
                                + " DurationSeconds exceeds the 1 hour session limit for roles assumed by role"
                                + " chaining.", null);
            }
            Deque<Supplier<RuntimeException>> queue = scripted.get(roleArn);
            Supplier<RuntimeException> next = queue == null ? null : queue.poll();
            if (next != null) {
                throw next.get();
            }
            int n = issued.incrementAndGet();
            return new RoleCredentials("ASIAFAKE" + n, "secret-" + n + "-" + roleArn.hashCode(),
                    "token-" + n + "-" + "t".repeat(800), clock.instant().plus(duration),
                    "AROAFAKE:" + sessionName, "arn:aws:sts::111122223333:assumed-role/x/" + sessionName);
        }

        static AssumeRoleException accessDenied(String roleArn) {
            return new AssumeRoleException(AssumeRoleException.Kind.ACCESS_DENIED, "AccessDenied",
                    "AssumeRole of " + roleArn + " failed: AccessDenied (HTTP 403): not authorized", null);
        }
    }

    static final class Windmill implements WindmillClient {
        final Map<String, Workspace> workspaces = new LinkedHashMap<>();
        final Set<String> folders = ConcurrentHashMap.newKeySet();
        final Map<String, StoredVariable> variables = new ConcurrentHashMap<>();
        final Set<String> failing = ConcurrentHashMap.newKeySet();
        final AtomicInteger writes = new AtomicInteger();
        final List<String> createdFolders = Collections.synchronizedList(new ArrayList<>());
        boolean refuseToken;
        /** A variable that appears between our read and our create, as a concurrent writer would. */
        StoredVariable racingVariable;

        void addWorkspace(String id) {
            workspaces.put(id, new Workspace(id, false));
        }

        void addArchivedWorkspace(String id) {
            workspaces.put(id, new Workspace(id, true));
        }

        void put(String workspace, String path, String value, boolean secret, String description) {
            variables.put(workspace + ":" + path, new StoredVariable(path, value, secret, description));
        }

        Optional<StoredVariable> variable(String workspace, String path) {
            return Optional.ofNullable(variables.get(workspace + ":" + path));
        }

        private void check(String workspace) {
            if (failing.contains(workspace)) {
                throw new WindmillException("Windmill answered HTTP 500 to POST /api/w/" + workspace + "/...", 500,
                        null);
            }
        }

        @Override
        public List<Workspace> listWorkspaces() {
            if (refuseToken) {
                throw new WindmillAuthException("Windmill refused the API token (HTTP 401).", 401);
            }
            return List.copyOf(workspaces.values());
        }

        @Override
        public boolean folderExists(String workspace, String folder) {
            check(workspace);
            return folders.contains(workspace + ":" + folder);
        }

        @Override
        public void createFolder(String workspace, String folder) {
            check(workspace);
            folders.add(workspace + ":" + folder);
            createdFolders.add(workspace + ":" + folder);
        }

        @Override
        public Optional<StoredVariable> getVariable(String workspace, String path) {
            check(workspace);
            return variable(workspace, path);
        }

        @Override
        public boolean variableExists(String workspace, String path) {
            check(workspace);
            return variables.containsKey(workspace + ":" + path);
        }

        @Override
        public void createSecretVariable(String workspace, String path, String value, String description) {
            check(workspace);
            if (racingVariable != null) {
                variables.put(workspace + ":" + path, racingVariable);
                racingVariable = null;
            }
            if (variables.containsKey(workspace + ":" + path)) {
                throw new VariableExistsException("variable " + path + " already exists in workspace " + workspace);
            }
            writes.incrementAndGet();
            put(workspace, path, value, true, description);
        }

        @Override
        public void updateSecretVariable(String workspace, String path, String value, String description) {
            check(workspace);
            if (!variables.containsKey(workspace + ":" + path)) {
                throw new WindmillException("Windmill answered HTTP 404", 404, null);
            }
            writes.incrementAndGet();
            put(workspace, path, value, true, description);
        }

        Set<String> workspaceIds() {
            return new HashSet<>(workspaces.keySet());
        }
    }
}
