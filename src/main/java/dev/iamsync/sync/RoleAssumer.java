package dev.iamsync.sync;

import dev.iamsync.credentials.AssumeRoleException;
import dev.iamsync.credentials.CredentialIssuer;
import dev.iamsync.credentials.RoleCredentials;
import dev.iamsync.credentials.SessionNames;
import dev.iamsync.log.JsonLog;
import dev.iamsync.roles.IamRole;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;

/**
 * Assumes one role for one workspace with the run's policies: at most N AssumeRole calls at once, the session
 * shortened to the role's own maximum, a one-hour retry when STS caps chained sessions, and AccessDenied retried
 * for up to a minute for a role that was just created.
 */
final class RoleAssumer {
    static final Duration NEW_ROLE_RETRY_WINDOW = Duration.ofSeconds(60);
    static final Duration CHAINED_SESSION_CAP = Duration.ofHours(1);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final CredentialIssuer issuer;
    private final Duration sessionDuration;
    private final Semaphore permits;
    private final JsonLog log;
    private final Clock clock;
    private final Sleeper sleeper;

    RoleAssumer(CredentialIssuer issuer, Duration sessionDuration, int concurrency, JsonLog log, Clock clock,
            Sleeper sleeper) {
        this.issuer = issuer;
        this.sessionDuration = sessionDuration;
        this.permits = new Semaphore(concurrency);
        this.log = log;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    RoleCredentials assume(String workspace, IamRole role, Trigger trigger, RunLedger ledger)
            throws InterruptedException {
        String sessionName = SessionNames.of(workspace, role.name());
        Instant deadline = clock.instant().plus(NEW_ROLE_RETRY_WINDOW);
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            Duration duration = durationFor(role, ledger);
            try {
                return assumeOnce(role, sessionName, duration);
            } catch (AssumeRoleException e) {
                if (e.kind() == AssumeRoleException.Kind.ROLE_CHAINING_LIMIT && duration.compareTo(
                        CHAINED_SESSION_CAP) > 0) {
                    if (ledger.firstChainingCap()) {
                        log.warn("STS caps sessions assumed by role chaining at 3600 seconds; retrying at 3600."
                                + " Set WM_SESSION_DURATION_SECONDS=3600 to silence this.",
                                "requestedSeconds", duration.toSeconds(), "capSeconds", 3600);
                    }
                    continue;
                }
                boolean newRole = trigger.isNewRole(role.name());
                if (e.kind() == AssumeRoleException.Kind.ACCESS_DENIED && newRole
                        && clock.instant().plus(backoff).isBefore(deadline)) {
                    log.info("new role not assumable yet (IAM is eventually consistent); retrying",
                            "workspace", workspace, "role", role.name(), "retryInMs", backoff.toMillis());
                    sleeper.sleep(backoff);
                    backoff = nextBackoff(backoff);
                    continue;
                }
                throw e;
            }
        }
    }

    /** Doubles a backoff, up to ten seconds. */
    static Duration nextBackoff(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    private RoleCredentials assumeOnce(IamRole role, String sessionName, Duration duration)
            throws InterruptedException {
        permits.acquire();
        try {
            return issuer.assume(role.arn(), sessionName, duration);
        } finally {
            permits.release();
        }
    }

    private Duration durationFor(IamRole role, RunLedger ledger) {
        Duration duration = sessionDuration;
        if (ledger.chainingCapped() && duration.compareTo(CHAINED_SESSION_CAP) > 0) {
            duration = CHAINED_SESSION_CAP;
        }
        Duration roleMax = Duration.ofSeconds(role.maxSessionDurationSeconds());
        return duration.compareTo(roleMax) > 0 ? roleMax : duration;
    }
}
