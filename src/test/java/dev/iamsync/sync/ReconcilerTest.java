package dev.iamsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamsync.config.PathPrefix;
import dev.iamsync.config.SyncConfig;
import dev.iamsync.config.TokenReference;
import dev.iamsync.log.JsonLog;
import dev.iamsync.roles.IamRole;
import dev.iamsync.windmill.StoredVariable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "f/aws/iam";
    private static final String OURS = Ownership.description(PathPrefix.normalise("/windmill-stage/"));

    private final Fakes.MutableClock clock = new Fakes.MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final Fakes.Windmill windmill = new Fakes.Windmill();
    private final Fakes.Roles roles = new Fakes.Roles();
    private final Fakes.Issuer issuer = new Fakes.Issuer(clock);
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    private Reconciler reconciler(Duration sessionDuration) {
        SyncConfig config = new SyncConfig(URI.create("https://windmill.example.com"),
                new TokenReference.Literal("t"), PathPrefix.normalise("/windmill-stage/"), "aws", PATH,
                sessionDuration, 4);
        JsonLog log = new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8), JsonLog.Level.DEBUG, clock);
        return new Reconciler(config, windmill, roles, issuer, log, clock, clock::advance);
    }

    private Reconciler reconciler() {
        return reconciler(Duration.ofHours(1));
    }

    private JsonNode value(String workspace) throws Exception {
        return JSON.readTree(windmill.variable(workspace, PATH).orElseThrow().value());
    }

    private static String entryExpiring(Instant expiration) {
        return "{\"Credentials\":{\"AccessKeyId\":\"ASIAOLD\",\"SecretAccessKey\":\"old-secret\","
                + "\"SessionToken\":\"old-token\",\"Expiration\":\"" + expiration + "\"}}";
    }

    @Test
    void sync_writesEachWorkspacesRolesAsOneSecretVariable() throws Exception {
        windmill.addWorkspace("infra");
        windmill.addWorkspace("data");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");
        roles.add("/windmill-stage/w=infra/", "s3_rw");
        roles.add("/windmill-stage/team=a/w=data/", "athena");

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.status()).isEqualTo("ok");
        assertThat(report.roles().found()).isEqualTo(3);
        assertThat(report.roles().assumed()).isEqualTo(3);
        assertThat(report.workspaces().written()).containsExactly("data", "infra");
        StoredVariable stored = windmill.variable("infra", PATH).orElseThrow();
        assertThat(stored.secret()).isTrue();
        assertThat(stored.description()).contains(Ownership.MARKER);
        JsonNode infra = value("infra");
        assertThat(infra.fieldNames()).toIterable().containsExactly("ec2_ro", "s3_rw");
        JsonNode credentials = infra.path("ec2_ro").path("Credentials");
        assertThat(credentials.path("AccessKeyId").asText()).startsWith("ASIAFAKE");
        assertThat(credentials.path("SecretAccessKey").asText()).startsWith("secret-");
        assertThat(credentials.path("SessionToken").asText()).startsWith("token-");
        assertThat(credentials.path("Expiration").asText()).isEqualTo("2026-12-04T13:00:00Z");
        assertThat(infra.path("ec2_ro").path("RoleArn").asText())
                .isEqualTo("arn:aws:iam::111122223333:role/windmill-stage/w=infra/ec2_ro");
        assertThat(infra.path("ec2_ro").path("AssumedRoleUser").path("Arn").asText()).endsWith("/wm-infra.ec2_ro");
        assertThat(value("data").fieldNames()).toIterable().containsExactly("athena");
        assertThat(windmill.createdFolders).containsExactlyInAnyOrder("infra:aws", "data:aws");
    }

    @Test
    void sync_assumesWithFullArnAndWorkspaceSessionName() {
        windmill.addWorkspace("infra");
        IamRole role = roles.add("/windmill-stage/w=infra/deep/", "ec2_ro");

        reconciler().sync(Trigger.of("test"));

        assertThat(issuer.calls).containsExactly(new Fakes.Call(role.arn(), "wm-infra.ec2_ro", Duration.ofHours(1)));
    }

    @Test
    void sync_roleOutsidePrefixReturnedByDirectory_neverReachesAWorkspace() {
        windmill.addWorkspace("infra");
        roles.add("/windmill-stage-evil/w=infra/", "sneaky");

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.roles().found()).isZero();
        assertThat(issuer.calls).isEmpty();
        assertThat(windmill.variable("infra", PATH)).isEmpty();
    }

    @Test
    void sync_roleWithoutWorkspaceSegment_isSkippedWithWarning() {
        windmill.addWorkspace("infra");
        roles.add("/windmill-stage/", "orphan");

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.status()).isEqualTo("ok");
        assertThat(report.roles().skipped()).singleElement()
                .satisfies(skipped -> assertThat(skipped.reason()).contains("no w=<workspace> segment"));
        assertThat(issuer.calls).isEmpty();
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("\"level\":\"WARN\"", "orphan");
    }

    @Test
    void sync_rolesOfMissingOrArchivedWorkspaces_areSkippedAndNotAssumed() {
        windmill.addWorkspace("infra");
        windmill.addArchivedWorkspace("old");
        roles.add("/windmill-stage/w=old/", "legacy");
        roles.add("/windmill-stage/w=ghost/", "phantom");

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(issuer.calls).isEmpty();
        assertThat(report.workspaces().skipped()).extracting(SyncReport.SkippedWorkspace::reason)
                .containsExactly("workspace 'ghost' does not exist in Windmill",
                        "workspace 'old' is archived in Windmill");
        assertThat(report.roles().skipped()).extracting(SyncReport.SkippedRole::role)
                .containsExactly("legacy", "phantom");
        assertThat(windmill.variable("old", PATH)).isEmpty();
    }

    @Test
    void sync_failedRole_keepsPreviousCredentialsStillValidForFiveMinutes() throws Exception {
        windmill.addWorkspace("infra");
        IamRole broken = roles.add("/windmill-stage/w=infra/", "broken");
        roles.add("/windmill-stage/w=infra/", "fine");
        issuer.deny(broken);
        Instant expiration = clock.instant().plus(Duration.ofMinutes(5));
        windmill.put("infra", PATH, "{\"broken\":" + entryExpiring(expiration) + "}", true, "x");

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.status()).isEqualTo("partial");
        assertThat(report.roles().kept()).isEqualTo(1);
        assertThat(report.roles().failed()).singleElement().satisfies(failed -> {
            assertThat(failed.role()).isEqualTo("broken");
            assertThat(failed.errorCode()).isEqualTo("AccessDenied");
            assertThat(failed.keptUntil()).isEqualTo(expiration.toString());
            assertThat(failed.reason()).contains("trust policy");
        });
        JsonNode stored = value("infra");
        assertThat(stored.path("broken").path("Credentials").path("AccessKeyId").asText()).isEqualTo("ASIAOLD");
        assertThat(stored.has("fine")).isTrue();
    }

    @Test
    void sync_failedRole_dropsPreviousCredentialsExpiringWithinFiveMinutes() throws Exception {
        windmill.addWorkspace("infra");
        IamRole broken = roles.add("/windmill-stage/w=infra/", "broken");
        roles.add("/windmill-stage/w=infra/", "fine");
        issuer.deny(broken);
        Instant soon = clock.instant().plus(Duration.ofMinutes(5)).minusSeconds(1);
        windmill.put("infra", PATH, "{\"broken\":" + entryExpiring(soon) + "}", true, "x");

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.roles().kept()).isZero();
        assertThat(report.roles().failed()).singleElement()
                .satisfies(failed -> assertThat(failed.keptUntil()).isNull());
        assertThat(value("infra").fieldNames()).toIterable().containsExactly("fine");
    }

    @Test
    void sync_failedRole_dropsPreviousEntryWithAnExpirationNoStsSessionCouldHave() throws Exception {
        windmill.addWorkspace("infra");
        IamRole broken = roles.add("/windmill-stage/w=infra/", "broken");
        roles.add("/windmill-stage/w=infra/", "fine");
        issuer.deny(broken);
        Instant forged = clock.instant().plus(Duration.ofDays(365));
        windmill.put("infra", PATH, "{\"broken\":" + entryExpiring(forged) + "}", true, OURS);

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.roles().kept()).isZero();
        assertThat(value("infra").fieldNames()).toIterable().containsExactly("fine");
    }

    @Test
    void sync_allRolesFailingWithValidPreviousCredentials_leavesVariableAsItIs() {
        windmill.addWorkspace("infra");
        issuer.deny(roles.add("/windmill-stage/w=infra/", "broken"));
        String previous = "{\"broken\":" + entryExpiring(clock.instant().plus(Duration.ofMinutes(40))) + "}";
        windmill.put("infra", PATH, previous, true, OURS);

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.workspaces().unchanged()).containsExactly("infra");
        assertThat(windmill.writes).hasValue(0);
        assertThat(windmill.variable("infra", PATH).orElseThrow().value()).isEqualTo(previous);
    }

    @Test
    void sync_variableWrittenByAPerson_isLeftUntouchedAndOnlyThatWorkspaceFails() throws Exception {
        windmill.addWorkspace("infra");
        windmill.addWorkspace("data");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");
        roles.add("/windmill-stage/w=data/", "athena");
        windmill.put("infra", PATH, "{\"my\":\"own notes\"}", true, "hand-made");

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.status()).isEqualTo("partial");
        assertThat(report.workspaces().failed()).singleElement().satisfies(failed -> {
            assertThat(failed.workspace()).isEqualTo("infra");
            assertThat(failed.reason()).contains("was not written by windmill-iam-sync", "Rename or delete it",
                    "WM_FOLDER/WM_VARIABLE");
        });
        assertThat(windmill.variable("infra", PATH).orElseThrow().value()).isEqualTo("{\"my\":\"own notes\"}");
        assertThat(report.workspaces().written()).containsExactly("data");
    }

    @Test
    void sync_originalHelpersVariable_isAdoptedRewrittenAndMadeSecret() throws Exception {
        windmill.addWorkspace("infra");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");
        String legacy = "{\"ec2_ro\": {\"Credentials\": {\"AccessKeyId\": \"ASIAOLD\", \"SecretAccessKey\": \"s\","
                + " \"SessionToken\": \"t\", \"Expiration\": \"2023-01-09 17:53:49+00:00\"},"
                + " \"ResponseMetadata\": {\"RequestId\": \"abc\", \"HTTPStatusCode\": 200}}}";
        windmill.put("infra", PATH, legacy, false, "");

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.workspaces().written()).containsExactly("infra");
        StoredVariable stored = windmill.variable("infra", PATH).orElseThrow();
        assertThat(stored.secret()).isTrue();
        assertThat(stored.description()).contains(Ownership.MARKER);
        assertThat(value("infra").path("ec2_ro").path("Credentials").path("AccessKeyId").asText())
                .startsWith("ASIAFAKE");
    }

    @Test
    void sync_roleRemovedFromIam_disappearsFromVariable() throws Exception {
        windmill.addWorkspace("infra");
        roles.add("/windmill-stage/w=infra/", "kept");
        IamRole removed = roles.add("/windmill-stage/w=infra/", "removed");
        reconciler().sync(Trigger.of("first"));
        roles.roles.remove(removed);

        reconciler().sync(Trigger.of("DeleteRole removed"));

        assertThat(value("infra").fieldNames()).toIterable().containsExactly("kept");
    }

    @Test
    void sync_workspaceWhoseLastRoleWasRemoved_getsEmptyObject() throws Exception {
        windmill.addWorkspace("infra");
        windmill.addWorkspace("data");
        IamRole only = roles.add("/windmill-stage/w=infra/", "only");
        roles.add("/windmill-stage/w=data/", "athena");
        reconciler().sync(Trigger.of("first"));
        roles.roles.remove(only);

        SyncReport report = reconciler().sync(Trigger.of("second"));
        SyncReport again = reconciler().sync(Trigger.of("third"));

        assertThat(report.workspaces().emptied()).containsExactly("infra");
        assertThat(value("infra").isObject()).isTrue();
        assertThat(value("infra").isEmpty()).isTrue();
        assertThat(again.workspaces().emptied()).isEmpty();
        assertThat(again.workspaces().unchanged()).containsExactly("infra");
    }

    @Test
    void sync_prefixFindingNoRoleAtAll_emptiesNothingAndWarns() throws Exception {
        windmill.addWorkspace("infra");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");
        reconciler().sync(Trigger.of("first"));
        roles.roles.clear();

        SyncReport report = reconciler().sync(Trigger.of("second"));

        assertThat(report.status()).isEqualTo("ok");
        assertThat(report.workspaces().emptied()).isEmpty();
        assertThat(report.warnings()).singleElement()
                .satisfies(warning -> assertThat(warning).contains("no role under /windmill-stage/",
                        "WM_IAM_PATH_PREFIX"));
        assertThat(value("infra").has("ec2_ro")).isTrue();
    }

    @Test
    void plan_namesWorkspacesWhoseVariableWouldBeEmptied() {
        windmill.addWorkspace("infra");
        windmill.addWorkspace("stale");
        windmill.addWorkspace("done");
        windmill.addWorkspace("hand");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");
        windmill.put("stale", PATH, "{\"gone\":" + entryExpiring(clock.instant()) + "}", true,
                OURS);
        windmill.put("done", PATH, "{}", true, OURS);
        windmill.put("hand", PATH, "notes", true, "mine");

        PlanReport plan = reconciler().plan();

        assertThat(plan.workspacesToEmpty()).containsExactly("stale");
        assertThat(plan.warnings()).isEmpty();
        assertThat(windmill.writes).hasValue(0);
    }

    @Test
    void sync_workspaceWithoutRoles_leavesForeignOrMissingVariablesAlone() {
        windmill.addWorkspace("infra");
        windmill.addWorkspace("empty");
        windmill.put("infra", PATH, "hand-written", true, "mine");

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.status()).isEqualTo("ok");
        assertThat(windmill.variable("infra", PATH).orElseThrow().value()).isEqualTo("hand-written");
        assertThat(windmill.variable("empty", PATH)).isEmpty();
        assertThat(windmill.writes).hasValue(0);
    }

    @Test
    void sync_blobOverWindmillsSecretLimit_isNotSentAndOtherWorkspacesAreWritten() throws Exception {
        windmill.addWorkspace("big");
        windmill.addWorkspace("small");
        for (int i = 0; i < 12; i++) {
            roles.add("/windmill-stage/w=big/", "role_" + i);
        }
        roles.add("/windmill-stage/w=small/", "one");
        windmill.put("big", PATH, "{}", true, OURS);

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.workspaces().failed()).singleElement().satisfies(failed -> {
            assertThat(failed.workspace()).isEqualTo("big");
            assertThat(failed.reason()).contains("12 roles", "11247 bytes").containsPattern("take \\d{5} bytes");
        });
        assertThat(windmill.variable("big", PATH).orElseThrow().value()).isEqualTo("{}");
        assertThat(report.workspaces().written()).containsExactly("small");
    }

    @Test
    void sync_windmillFailingInOneWorkspace_doesNotStopTheOthers() {
        windmill.addWorkspace("infra");
        windmill.addWorkspace("data");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");
        roles.add("/windmill-stage/w=data/", "athena");
        windmill.failing.add("infra");

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.workspaces().failed()).extracting(SyncReport.FailedWorkspace::workspace)
                .containsExactly("infra");
        assertThat(report.workspaces().written()).containsExactly("data");
    }

    @Test
    void sync_tokenRefused_failsRunBeforeAnythingIsAssumed() {
        windmill.refuseToken = true;
        windmill.addWorkspace("infra");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");

        assertThatThrownBy(() -> reconciler().sync(Trigger.of("test")))
                .isInstanceOf(RunFailedException.class)
                .hasMessageContaining("refused the API token")
                .hasMessageContaining("Nothing was assumed or written");
        assertThat(issuer.calls).isEmpty();
    }

    @Test
    void sync_roleListingFails_failsRun() {
        windmill.addWorkspace("infra");
        roles.failure = Fakes.Roles.denied();

        assertThatThrownBy(() -> reconciler().sync(Trigger.of("test")))
                .isInstanceOf(RunFailedException.class)
                .hasMessageContaining("ListRoles");
        assertThat(windmill.writes).hasValue(0);
    }

    @Test
    void sync_durationOverRoleChainingCap_retriesAtOneHourAndWarnsOnce() throws Exception {
        windmill.addWorkspace("infra");
        for (String name : new String[] {"a", "b", "c"}) {
            roles.roles.add(new IamRole(name, "/windmill-stage/w=infra/",
                    "arn:aws:iam::111122223333:role/windmill-stage/w=infra/" + name, 43_200));
        }
        issuer.capChainedSessions = true;

        SyncReport report = reconciler(Duration.ofHours(4)).sync(Trigger.of("test"));

        assertThat(report.roles().assumed()).isEqualTo(3);
        assertThat(value("infra").path("a").path("Credentials").path("Expiration").asText())
                .isEqualTo("2026-12-04T13:00:00Z");
        assertThat(logs.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("role chaining")))
                .hasSize(1)
                .allSatisfy(line -> assertThat(line).contains("\"capSeconds\":3600"));
    }

    @Test
    void sync_durationOverRolesOwnMaximum_isShortenedToIt() {
        windmill.addWorkspace("infra");
        roles.add("/windmill-stage/w=infra/", "short");

        reconciler(Duration.ofHours(6)).sync(Trigger.of("test"));

        assertThat(issuer.calls).extracting(Fakes.Call::duration).containsExactly(Duration.ofHours(1));
    }

    @Test
    void sync_newRoleDeniedWhileIamPropagates_isRetriedUntilAssumable() throws Exception {
        windmill.addWorkspace("infra");
        IamRole fresh = roles.add("/windmill-stage/w=infra/", "fresh");
        issuer.failNext(fresh, 3, () -> Fakes.Issuer.accessDenied(fresh.arn()));

        SyncReport report = reconciler().sync(Trigger.roleCreated("fresh"));

        assertThat(report.status()).isEqualTo("ok");
        assertThat(issuer.calls).hasSize(4);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-04T12:00:07Z"));
        assertThat(value("infra").has("fresh")).isTrue();
    }

    @Test
    void sync_newRoleStillDeniedAfterAMinute_givesUpAndReportsIt() {
        windmill.addWorkspace("infra");
        IamRole fresh = roles.add("/windmill-stage/w=infra/", "fresh");
        issuer.deny(fresh);

        SyncReport report = reconciler().sync(Trigger.roleCreated("FRESH"));

        assertThat(report.roles().failed()).extracting(SyncReport.FailedRole::role).containsExactly("fresh");
        assertThat(issuer.calls.size()).isBetween(5, 10);
        assertThat(Duration.between(Instant.parse("2026-12-04T12:00:00Z"), clock.instant()))
                .isLessThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void sync_accessDeniedOfAnExistingRole_isNotRetried() {
        windmill.addWorkspace("infra");
        issuer.deny(roles.add("/windmill-stage/w=infra/", "old"));

        reconciler().sync(Trigger.roleCreated("another"));

        assertThat(issuer.calls).hasSize(1);
    }

    @Test
    void sync_personCreatesVariableBetweenReadAndCreate_itIsNotOverwritten() {
        windmill.addWorkspace("infra");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");
        windmill.racingVariable = new StoredVariable(PATH, "mine", false, "hand-made");

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.workspaces().failed()).singleElement()
                .satisfies(failed -> assertThat(failed.reason()).contains("not written by windmill-iam-sync"));
        assertThat(windmill.variable("infra", PATH).orElseThrow().value()).isEqualTo("mine");
    }

    @Test
    void sync_existingFolder_isNotRecreated() {
        windmill.addWorkspace("infra");
        windmill.folders.add("infra:aws");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");

        reconciler().sync(Trigger.of("test"));

        assertThat(windmill.createdFolders).isEmpty();
    }

    @Test
    void plan_listsRolesPerWorkspaceAndSkips_withoutAssumingOrWriting() {
        windmill.addWorkspace("infra");
        roles.add("/windmill-stage/w=infra/", "s3_rw");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");
        roles.add("/windmill-stage/w=ghost/", "phantom");

        PlanReport plan = reconciler().plan();

        assertThat(plan.workspaces()).singleElement().satisfies(workspace -> {
            assertThat(workspace.workspace()).isEqualTo("infra");
            assertThat(workspace.roles()).extracting(PlanReport.PlannedRole::role).containsExactly("ec2_ro", "s3_rw");
            assertThat(workspace.roles().get(0).sessionName()).isEqualTo("wm-infra.ec2_ro");
        });
        assertThat(plan.skippedRoles()).extracting(SyncReport.SkippedRole::role).containsExactly("phantom");
        assertThat(issuer.calls).isEmpty();
        assertThat(windmill.writes).hasValue(0);
        assertThat(windmill.createdFolders).isEmpty();
    }

    @Test
    void sync_variableOfAnotherDeployment_isNeitherOverwrittenNorEmptied() {
        windmill.addWorkspace("infra");
        windmill.addWorkspace("quiet");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");
        String prod = Ownership.description(PathPrefix.normalise("/windmill-prod/"));
        windmill.put("infra", PATH, "{\"prod_role\":" + entryExpiring(clock.instant()) + "}", true, prod);
        windmill.put("quiet", PATH, "{\"prod_role\":" + entryExpiring(clock.instant()) + "}", true, prod);

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.workspaces().failed()).singleElement().satisfies(failed -> {
            assertThat(failed.workspace()).isEqualTo("infra");
            assertThat(failed.reason()).contains("another windmill-iam-sync deployment", "own WM_VARIABLE");
        });
        assertThat(report.workspaces().emptied()).isEmpty();
        assertThat(windmill.variable("quiet", PATH).orElseThrow().value()).contains("prod_role");
    }

    @Test
    void sync_originalHelpersVariableInWorkspaceWithoutRoles_isLeftAlone() {
        windmill.addWorkspace("infra");
        windmill.addWorkspace("legacy");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");
        String legacy = "{\"old\":" + entryExpiring(clock.instant()) + "}";
        windmill.put("legacy", PATH, legacy, false, "");

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.workspaces().emptied()).isEmpty();
        assertThat(windmill.variable("legacy", PATH).orElseThrow().value()).isEqualTo(legacy);
    }

    @Test
    void sync_failedRole_doesNotKeepAnEntryOfAnotherRoleArn() throws Exception {
        windmill.addWorkspace("infra");
        IamRole broken = roles.add("/windmill-stage/w=infra/", "broken");
        roles.add("/windmill-stage/w=infra/", "fine");
        issuer.deny(broken);
        String entry = "{\"Credentials\":{\"AccessKeyId\":\"AKIALONGLIVED\",\"SecretAccessKey\":\"s\","
                + "\"SessionToken\":\"t\",\"Expiration\":\"" + clock.instant().plus(Duration.ofHours(1)) + "\"},"
                + "\"RoleArn\":\"arn:aws:iam::111122223333:role/admin/breakglass\"}";
        windmill.put("infra", PATH, "{\"broken\":" + entry + "}", true, OURS);

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.roles().kept()).isZero();
        assertThat(value("infra").fieldNames()).toIterable().containsExactly("fine");
    }

    @Test
    void sync_workspaceIdWindmillWouldRefuse_isIgnored() {
        windmill.addWorkspace("infra");
        windmill.addWorkspace("../../version");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.workspaces().written()).containsExactly("infra");
        assertThat(report.workspaces().failed()).isEmpty();
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("id Windmill itself would refuse");
    }

    @Test
    void sync_pastItsDeadline_startsNoWriteAndStillReports() {
        windmill.addWorkspace("infra");
        windmill.addWorkspace("no_roles");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");

        SyncReport report = reconciler().sync(Trigger.of("test"), clock.instant().minusSeconds(1));

        assertThat(report.status()).isEqualTo("partial");
        assertThat(report.workspaces().failed()).singleElement()
                .satisfies(failed -> assertThat(failed.reason()).contains("ran out of time", "unchanged"));
        assertThat(windmill.writes).hasValue(0);
    }

    @Test
    void sync_roleFailureInAWorkspaceThatThenFails_isStillReported() {
        windmill.addWorkspace("infra");
        issuer.deny(roles.add("/windmill-stage/w=infra/", "locked"));
        windmill.put("infra", PATH, "hand-written", true, "mine");

        SyncReport report = reconciler().sync(Trigger.of("test"));

        assertThat(report.roles().failed()).extracting(SyncReport.FailedRole::role).containsExactly("locked");
        assertThat(report.workspaces().failed()).extracting(SyncReport.FailedWorkspace::workspace)
                .containsExactly("infra");
    }

    @Test
    void sync_rolesThatServeNoLiveWorkspace_emptyNothing() throws Exception {
        windmill.addWorkspace("infra");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");
        reconciler().sync(Trigger.of("first"));
        roles.roles.clear();
        roles.add("/windmill-stage/infra/", "ec2_ro");

        SyncReport report = reconciler().sync(Trigger.of("paths lost their w= segment"));

        assertThat(report.workspaces().emptied()).isEmpty();
        assertThat(report.warnings()).singleElement()
                .satisfies(warning -> assertThat(warning).contains("serves a live workspace"));
        assertThat(value("infra").has("ec2_ro")).isTrue();
    }

    @Test
    void sync_overlappingNewerRunsEntryForARoleNotListedHere_isKept() throws Exception {
        windmill.addWorkspace("infra");
        roles.add("/windmill-stage/w=infra/", "ec2_ro");
        Instant newer = clock.instant().plus(Duration.ofHours(1)).plusSeconds(10);
        Instant older = clock.instant().plus(Duration.ofHours(1)).minusSeconds(10);
        windmill.put("infra", PATH, "{\"created_meanwhile\":" + entryExpiring(newer) + ",\"deleted_before\":"
                + entryExpiring(older) + "}", true, OURS);

        reconciler().sync(Trigger.of("older run"));

        assertThat(value("infra").fieldNames()).toIterable().containsExactly("created_meanwhile", "ec2_ro");
    }

    @Test
    void sync_newRoleNotYetListedByIam_isListedAgainUntilItShows() throws Exception {
        windmill.addWorkspace("infra");
        roles.add("/windmill-stage/w=infra/", "old");
        roles.add("/windmill-stage/w=infra/", "fresh");
        roles.hideNewestFor = 2;

        SyncReport report = reconciler().sync(Trigger.roleCreated("fresh"));

        assertThat(roles.listings).hasValue(3);
        assertThat(report.roles().found()).isEqualTo(2);
        assertThat(value("infra").fieldNames()).toIterable().containsExactly("fresh", "old");
    }

    @Test
    void sync_scheduledRun_listsRolesOnce() {
        windmill.addWorkspace("infra");
        roles.add("/windmill-stage/w=infra/", "old");
        roles.hideNewestFor = 5;

        reconciler().sync(Trigger.of("schedule"));

        assertThat(roles.listings).hasValue(1);
    }

    @Test
    void sync_summaryLine_carriesEmbeddedMetricsForAlarms() throws Exception {
        windmill.addWorkspace("infra");
        issuer.deny(roles.add("/windmill-stage/w=infra/", "locked"));
        roles.add("/windmill-stage/w=infra/", "fine");

        reconciler().sync(Trigger.of("test"));

        JsonNode summary = JSON.readTree(logs.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("sync finished")).findFirst().orElseThrow());
        JsonNode declaration = summary.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(declaration.path("Namespace").asText()).isEqualTo("WindmillIamSync");
        assertThat(declaration.path("Dimensions").get(0).get(0).asText()).isEqualTo("prefix");
        assertThat(summary.path("prefix").asText()).isEqualTo("/windmill-stage/");
        assertThat(declaration.path("Metrics").findValuesAsText("Name"))
                .allSatisfy(name -> assertThat(summary.path(name).isInt()).as(name).isTrue())
                .contains("rolesFailed", "workspacesFailed");
        assertThat(summary.path("rolesFailed").asInt()).isEqualTo(1);
        assertThat(summary.path("_aws").path("Timestamp").asLong()).isEqualTo(clock.instant().toEpochMilli());
    }
}
