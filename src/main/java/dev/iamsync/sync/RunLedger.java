package dev.iamsync.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Collects what one run did, from many threads, and turns it into a {@link SyncReport}. */
final class RunLedger {
    private final Instant startedAt;
    private final AtomicInteger assumed = new AtomicInteger();
    private final AtomicInteger kept = new AtomicInteger();
    private final AtomicBoolean chainingCapHit = new AtomicBoolean();
    private final Map<String, SyncReport.FailedRole> failedRoles = new LinkedHashMap<>();
    private final List<SyncReport.SkippedRole> skippedRoles = new ArrayList<>();
    private final List<String> written = new ArrayList<>();
    private final List<String> emptied = new ArrayList<>();
    private final List<String> unchanged = new ArrayList<>();
    private final List<SyncReport.SkippedWorkspace> skippedWorkspaces = new ArrayList<>();
    private final List<SyncReport.FailedWorkspace> failedWorkspaces = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    RunLedger(Instant startedAt) {
        this.startedAt = startedAt;
    }

    Instant startedAt() {
        return startedAt;
    }

    void assumed() {
        assumed.incrementAndGet();
    }

    /** Records that STS capped a session at one hour; true only the first time, so the warning is given once. */
    boolean firstChainingCap() {
        return chainingCapHit.compareAndSet(false, true);
    }

    boolean chainingCapped() {
        return chainingCapHit.get();
    }

    synchronized void roleFailed(SyncReport.FailedRole failure) {
        failedRoles.put(failure.workspace() + "/" + failure.role(), failure);
    }

    /** A failed role whose previous credentials stay in its workspace's variable until {@code keptUntil}. */
    synchronized void roleKept(String workspace, String role, String keptUntil) {
        SyncReport.FailedRole failure = failedRoles.get(workspace + "/" + role);
        if (failure != null) {
            failedRoles.put(workspace + "/" + role, new SyncReport.FailedRole(failure.role(), failure.workspace(),
                    failure.roleArn(), failure.errorCode(), failure.reason(), keptUntil));
            kept.incrementAndGet();
        }
    }

    synchronized void roleSkipped(SyncReport.SkippedRole skipped) {
        skippedRoles.add(skipped);
    }

    synchronized void workspaceWritten(String workspace) {
        written.add(workspace);
    }

    synchronized void workspaceEmptied(String workspace) {
        emptied.add(workspace);
    }

    synchronized void workspaceUnchanged(String workspace) {
        unchanged.add(workspace);
    }

    synchronized void workspaceSkipped(SyncReport.SkippedWorkspace skipped) {
        skippedWorkspaces.add(skipped);
    }

    synchronized void workspaceFailed(SyncReport.FailedWorkspace failure) {
        failedWorkspaces.add(failure);
    }

    synchronized void warning(String warning) {
        warnings.add(warning);
    }

    synchronized SyncReport report(String trigger, String startedAt, long durationMs, int rolesFound) {
        boolean clean = failedRoles.isEmpty() && failedWorkspaces.isEmpty();
        SyncReport.Roles roles = new SyncReport.Roles(rolesFound, assumed.get(), kept.get(),
                sorted(List.copyOf(failedRoles.values()), Comparator.comparing(SyncReport.FailedRole::workspace)
                        .thenComparing(SyncReport.FailedRole::role)),
                sorted(skippedRoles, Comparator.comparing(SyncReport.SkippedRole::role)));
        SyncReport.Workspaces workspaces = new SyncReport.Workspaces(sorted(written, Comparator.naturalOrder()),
                sorted(emptied, Comparator.naturalOrder()), sorted(unchanged, Comparator.naturalOrder()),
                sorted(skippedWorkspaces, Comparator.comparing(SyncReport.SkippedWorkspace::workspace)),
                sorted(failedWorkspaces, Comparator.comparing(SyncReport.FailedWorkspace::workspace)));
        return new SyncReport("sync", clean ? "ok" : "partial", trigger, startedAt, durationMs, roles, workspaces,
                List.copyOf(warnings), null);
    }

    private static <T> List<T> sorted(List<T> items, Comparator<? super T> order) {
        List<T> copy = new ArrayList<>(items);
        copy.sort(order);
        return copy;
    }
}
