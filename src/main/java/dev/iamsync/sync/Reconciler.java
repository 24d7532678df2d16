package dev.iamsync.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamsync.config.SyncConfig;
import dev.iamsync.credentials.AssumeRoleException;
import dev.iamsync.credentials.CredentialIssuer;
import dev.iamsync.credentials.SessionNames;
import dev.iamsync.log.EmbeddedMetrics;
import dev.iamsync.log.JsonLog;
import dev.iamsync.log.Unexpected;
import dev.iamsync.roles.IamRole;
import dev.iamsync.roles.RoleDirectory;
import dev.iamsync.roles.RoleListingException;
import dev.iamsync.windmill.TokenUnavailableException;
import dev.iamsync.windmill.WindmillAuthException;
import dev.iamsync.windmill.WindmillClient;
import dev.iamsync.windmill.WindmillException;
import dev.iamsync.windmill.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * One reconcile run: check Windmill, list the roles under the prefix, assume each role of each live workspace,
 * and write each workspace's variable. A role or workspace that fails is reported and never stops the others;
 * only a failure to reach Windmill or IAM at the start fails the whole run.
 */
public final class Reconciler {
    private static final int WORKSPACE_CONCURRENCY = 4;

    private final SyncConfig config;
    private final WindmillClient windmill;
    private final RoleDirectory directory;
    private final RoleAssumer assumer;
    private final WorkspaceWriter writer;
    private final JsonLog log;
    private final Clock clock;
    private final Sleeper sleeper;

    public Reconciler(SyncConfig config, WindmillClient windmill, RoleDirectory directory, CredentialIssuer issuer,
            JsonLog log, Clock clock, Sleeper sleeper) {
        this.config = config;
        this.windmill = windmill;
        this.directory = directory;
        this.assumer = new RoleAssumer(issuer, config.sessionDuration(), config.assumeConcurrency(), log, clock,
                sleeper);
        this.writer = new WorkspaceWriter(windmill, config, log, clock);
        this.log = log;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Runs a full reconcile.
     *
     * @throws RunFailedException when Windmill or IAM cannot be used at all; nothing was assumed or written then
     */
    public SyncReport sync(Trigger trigger) {
        return sync(trigger, Instant.MAX);
    }

    /**
     * Runs a full reconcile that starts no workspace write after {@code deadline}; workspaces left then are
     * reported as failed, so a run near its Lambda timeout still returns its report.
     *
     * @throws RunFailedException when Windmill or IAM cannot be used at all; nothing was assumed or written then
     */
    public SyncReport sync(Trigger trigger, Instant deadline) {
        Instant started = clock.instant();
        log.info("sync started", "trigger", trigger.description(), "prefix", config.pathPrefix().value(),
                "variable", config.variablePath());
        Map<String, Workspace> workspaces = fetchWorkspaces();
        List<IamRole> roles = fetchRolesIncluding(trigger);
        Assignments assignments = Assignments.of(config.pathPrefix(), roles, workspaces);
        boolean mayEmpty = assignments.servesAnyWorkspace();
        RunLedger ledger = openLedger(started, assignments, mayEmpty);

        // Closing waits for the tasks; the workspace threads close first, while role threads still take work.
        try (ExecutorService roleThreads = Executors.newVirtualThreadPerTaskExecutor();
                ExecutorService workspaceThreads = Executors.newVirtualThreadPerTaskExecutor()) {
            SyncRun run = new SyncRun(trigger, deadline, ledger, roleThreads);
            for (Workspace workspace : workspaces.values()) {
                List<IamRole> workspaceRoles = assignments.rolesByWorkspace().getOrDefault(workspace.id(), List.of());
                if (!workspace.archived() && (mayEmpty || !workspaceRoles.isEmpty())) {
                    workspaceThreads.submit(() -> run.syncWorkspace(workspace.id(), workspaceRoles));
                }
            }
        }

        long durationMs = Duration.between(started, clock.instant()).toMillis();
        SyncReport report = ledger.report(trigger.description(), started.toString(), durationMs, roles.size());
        logSummary(report);
        return report;
    }

    private RunLedger openLedger(Instant started, Assignments assignments, boolean mayEmpty) {
        RunLedger ledger = new RunLedger(started);
        assignments.skippedRoles().forEach(skipped -> {
            ledger.roleSkipped(skipped);
            log.warn("role skipped", "role", skipped.role(), "path", skipped.path(), "reason", skipped.reason());
        });
        assignments.skippedWorkspaces().forEach(ledger::workspaceSkipped);
        if (!mayEmpty) {
            ledger.warning(noRolesWarning());
            log.warn(noRolesWarning(), "prefix", config.pathPrefix().value());
        }
        return ledger;
    }

    /** Also CloudWatch metrics, so an alarm can see failed roles and workspaces that do not fail the run. */
    private void logSummary(SyncReport report) {
        log.info("sync finished", "status", report.status(), "prefix", config.pathPrefix().value(),
                "rolesFound", report.roles().found(), "rolesAssumed", report.roles().assumed(),
                "rolesKept", report.roles().kept(), "rolesFailed", report.roles().failed().size(),
                "rolesSkipped", report.roles().skipped().size(),
                "workspacesWritten", report.workspaces().written().size(),
                "workspacesEmptied", report.workspaces().emptied().size(),
                "workspacesFailed", report.workspaces().failed().size(), "durationMs", report.durationMs(),
                "_aws", EmbeddedMetrics.declaration(clock.instant(), "prefix", List.of("rolesFound", "rolesAssumed",
                        "rolesFailed", "workspacesWritten", "workspacesFailed")));
    }

    /**
     * Shows which roles each workspace would get and which are skipped, without assuming or writing anything.
     *
     * @throws RunFailedException when Windmill or IAM cannot be used at all
     */
    public PlanReport plan() {
        Map<String, Workspace> workspaces = fetchWorkspaces();
        List<IamRole> roles = fetchRoles();
        Assignments assignments = Assignments.of(config.pathPrefix(), roles, workspaces);
        List<PlanReport.PlannedWorkspace> planned = new ArrayList<>();
        assignments.rolesByWorkspace().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                planned.add(new PlanReport.PlannedWorkspace(entry.getKey(), entry.getValue().stream()
                        .sorted((a, b) -> a.name().compareTo(b.name()))
                        .map(role -> new PlanReport.PlannedRole(role.name(), role.arn(),
                                SessionNames.of(entry.getKey(), role.name())))
                        .toList())));
        boolean mayEmpty = assignments.servesAnyWorkspace();
        List<String> warnings = new ArrayList<>();
        List<String> toEmpty = new ArrayList<>();
        if (mayEmpty) {
            workspaces.values().stream()
                    .filter(workspace -> !workspace.archived())
                    .map(Workspace::id)
                    .filter(id -> !assignments.rolesByWorkspace().containsKey(id))
                    .sorted()
                    .forEach(id -> planEmptying(id, toEmpty, warnings));
        } else {
            warnings.add(noRolesWarning());
        }
        return new PlanReport("plan", config.pathPrefix().value(), config.variablePath(), planned, toEmpty,
                assignments.skippedRoles(), assignments.skippedWorkspaces(), warnings);
    }

    private void planEmptying(String workspace, List<String> toEmpty, List<String> warnings) {
        try {
            if (writer.leftover(workspace) == WorkspaceWriter.Leftover.STALE) {
                toEmpty.add(workspace);
            }
        } catch (WindmillException | TokenUnavailableException e) {
            warnings.add("could not read workspace " + workspace + "'s variable: " + e.getMessage());
        }
    }

    private String noRolesWarning() {
        return "no role under " + config.pathPrefix() + " serves a live workspace (paths are case-sensitive and"
                + " need a w=<workspace> segment), so no workspace's variable was emptied. Check WM_IAM_PATH_PREFIX"
                + " and the roles' paths; if every role was removed on purpose, delete the " + config.variablePath()
                + " variables in Windmill by hand.";
    }

    private Map<String, Workspace> fetchWorkspaces() {
        try {
            Map<String, Workspace> byId = new LinkedHashMap<>();
            for (Workspace workspace : windmill.listWorkspaces()) {
                if (Workspace.isValidId(workspace.id())) {
                    byId.put(workspace.id(), workspace);
                } else {
                    log.warn("workspace listed by Windmill has an id Windmill itself would refuse; ignored",
                            "workspace", workspace.id());
                }
            }
            return byId;
        } catch (WindmillAuthException | TokenUnavailableException e) {
            throw new RunFailedException(sentence(e.getMessage()) + " Nothing was assumed or written.", e);
        } catch (WindmillException e) {
            throw new RunFailedException("could not list Windmill workspaces: " + sentence(e.getMessage())
                    + " Nothing was assumed or written.", e);
        }
    }

    private List<IamRole> fetchRoles() {
        try {
            return directory.listRoles(config.pathPrefix()).stream()
                    .filter(role -> config.pathPrefix().covers(role.path()))
                    .toList();
        } catch (RoleListingException e) {
            throw new RunFailedException(sentence(e.getMessage()) + " Nothing was assumed or written.", e);
        }
    }

    /**
     * The roles under the prefix; for a run triggered by a CreateRole event, listed again for up to a minute
     * until the new role shows, since IAM's listing is eventually consistent too.
     */
    private List<IamRole> fetchRolesIncluding(Trigger trigger) {
        List<IamRole> roles = fetchRoles();
        Instant giveUpAt = clock.instant().plus(RoleAssumer.NEW_ROLE_RETRY_WINDOW);
        Duration backoff = Duration.ofSeconds(1);
        while (trigger.createdRole().isPresent() && roles.stream().noneMatch(role -> trigger.isNewRole(role.name()))
                && clock.instant().plus(backoff).isBefore(giveUpAt)) {
            log.info("new role not listed by IAM yet; listing again", "role", trigger.createdRole().get(),
                    "retryInMs", backoff.toMillis());
            try {
                sleeper.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return roles;
            }
            backoff = RoleAssumer.nextBackoff(backoff);
            roles = fetchRoles();
        }
        return roles;
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    /** One run's state, shared by its workspace and role threads. */
    private final class SyncRun {
        private final Trigger trigger;
        private final Instant deadline;
        private final RunLedger ledger;
        private final ExecutorService roleThreads;
        private final Semaphore windmillPermits = new Semaphore(WORKSPACE_CONCURRENCY);

        SyncRun(Trigger trigger, Instant deadline, RunLedger ledger, ExecutorService roleThreads) {
            this.trigger = trigger;
            this.deadline = deadline;
            this.ledger = ledger;
            this.roleThreads = roleThreads;
        }

        void syncWorkspace(String workspace, List<IamRole> roles) {
            try {
                List<WorkspaceWriter.RoleResult> results = assumeAll(workspace, roles);
                windmillPermits.acquire();
                try {
                    write(workspace, roles, results);
                } finally {
                    windmillPermits.release();
                }
            } catch (WindmillException | TokenUnavailableException | WorkspaceWriter.ForeignVariableException e) {
                ledger.workspaceFailed(new SyncReport.FailedWorkspace(workspace, e.getMessage()));
                log.warn("workspace not written", "workspace", workspace, "variable", config.variablePath(),
                        "reason", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ledger.workspaceFailed(new SyncReport.FailedWorkspace(workspace, "interrupted before it was written"));
            } catch (RuntimeException e) {
                // A bug must not cost the other workspaces their refresh.
                ledger.workspaceFailed(new SyncReport.FailedWorkspace(workspace, Unexpected.describe(e)));
                log.error("workspace failed unexpectedly", "workspace", workspace, "error", Unexpected.describe(e));
            }
        }

        private void write(String workspace, List<IamRole> roles, List<WorkspaceWriter.RoleResult> results) {
            if (clock.instant().isAfter(deadline)) {
                // A workspace without roles has nothing fresh to lose: only one with roles is reported.
                if (!roles.isEmpty()) {
                    ledger.workspaceFailed(new SyncReport.FailedWorkspace(workspace, "not written: the run ran out"
                            + " of time (the function's timeout is near). Its variable is unchanged; the next run"
                            + " retries it. Raise the timeout if this repeats."));
                }
            } else if (roles.isEmpty()) {
                writer.empty(workspace, ledger);
            } else {
                writer.write(workspace, results, ledger);
            }
        }

        private List<WorkspaceWriter.RoleResult> assumeAll(String workspace, List<IamRole> roles)
                throws InterruptedException {
            List<Future<WorkspaceWriter.RoleResult>> futures = new ArrayList<>();
            for (IamRole role : roles) {
                futures.add(roleThreads.submit(() -> assumeOne(workspace, role)));
            }
            List<WorkspaceWriter.RoleResult> results = new ArrayList<>();
            for (Future<WorkspaceWriter.RoleResult> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("assuming a role failed unexpectedly", e.getCause());
                }
            }
            return results;
        }

        private WorkspaceWriter.RoleResult assumeOne(String workspace, IamRole role) throws InterruptedException {
            try {
                ObjectNode entry = CredentialBlob.entry(role.arn(), assumer.assume(workspace, role, trigger, ledger));
                ledger.assumed();
                log.debug("role assumed", "workspace", workspace, "role", role.name(), "roleArn", role.arn());
                return new WorkspaceWriter.RoleResult(role.name(), role.arn(), Optional.of(entry));
            } catch (AssumeRoleException e) {
                return failedRole(workspace, role, e.errorCode(), e.getMessage() + hint(e));
            } catch (RuntimeException e) {
                // One role's surprise must not cost the other roles of its workspace their refresh.
                return failedRole(workspace, role, "Unexpected", Unexpected.describe(e));
            }
        }

        private WorkspaceWriter.RoleResult failedRole(String workspace, IamRole role, String errorCode,
                String reason) {
            log.warn("role could not be assumed", "workspace", workspace, "role", role.name(), "roleArn",
                    role.arn(), "errorCode", errorCode, "reason", reason);
            ledger.roleFailed(new SyncReport.FailedRole(role.name(), workspace, role.arn(), errorCode, reason, null));
            return new WorkspaceWriter.RoleResult(role.name(), role.arn(), Optional.empty());
        }

        private static String hint(AssumeRoleException e) {
            return e.kind() == AssumeRoleException.Kind.ACCESS_DENIED
                    ? ". Check that the role's trust policy allows sts:AssumeRole by the sync's own role."
                    : "";
        }
    }
}
