package dev.iamsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.iamsync.emulator.AwsEmulator.AssumeCall;
import dev.iamsync.emulator.AwsEmulator.Request;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** Drives the emulator with the real SDK v2 clients, pointed at it only through the SDK's endpoint settings. */
class AwsEmulatorTest {
    private static final String STAGE = "/windmill-stage/";
    private static final List<String> ENDPOINT_PROPERTIES = List.of(
            "aws.endpointUrl", "aws.endpointUrlIam", "aws.endpointUrlSts", "aws.endpointUrlSecretsManager");
    private static final String SIGV4 = "AWS4-HMAC-SHA256 Credential=[^/]+/\\d{8}/us-east-1/%s/aws4_request, "
            + "SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}";

    private final List<SdkAutoCloseable> clients = new ArrayList<>();
    private AwsEmulator emulator;

    @BeforeEach
    void startEmulator() {
        emulator = AwsEmulator.start();
    }

    @AfterEach
    void stopEmulator() {
        clients.forEach(SdkAutoCloseable::close);
        ENDPOINT_PROPERTIES.forEach(System::clearProperty);
        emulator.close();
    }

    @Test
    void listRolesPaginator_shortTruncatedPagesOverThousandRoles_returnsEveryRoleOnceInOrder() {
        List<String> expected = IntStream.range(0, 1_050).mapToObj(i -> "role-" + i).toList();
        expected.forEach(name -> emulator.addRole(STAGE, name));
        emulator.addRole("/other/", "outsider");
        emulator.listRolesPageCap(7);

        List<Integer> pageSizes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        iam().listRolesPaginator(r -> r.pathPrefix(STAGE)).stream().forEach(page -> {
            pageSizes.add(page.roles().size());
            page.roles().forEach(role -> names.add(role.roleName()));
        });

        assertThat(names).containsExactlyElementsOf(expected);
        assertThat(pageSizes).hasSize(150).allMatch(size -> size == 7);
        assertThat(emulator.listRolesCalls()).isEqualTo(150);
    }

    @Test
    void listRoles_defaultPageSize_truncatesAtHundredWithMarker() {
        IntStream.range(0, 101).forEach(i -> emulator.addRole("/", "role-" + i));

        ListRolesResponse first = iam().listRoles();
        ListRolesResponse second = iam().listRoles(r -> r.marker(first.marker()));

        assertThat(first.roles()).hasSize(100);
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.marker()).isNotBlank();
        assertThat(second.roles()).extracting(Role::roleName).containsExactly("role-100");
        assertThat(second.isTruncated()).isFalse();
        assertThat(second.marker()).isNull();
    }

    @Test
    void listRoles_pathPrefix_matchesPlainPrefixOfPathOnly() {
        emulator.addRole(STAGE, "direct")
                .addRole(STAGE + "team-a/", "nested")
                .addRole("/windmill-stage-evil/", "evil")
                .addRole("/", "root-level");

        List<Role> staged = iam().listRoles(r -> r.pathPrefix(STAGE)).roles();
        List<Role> all = iam().listRoles().roles();

        assertThat(staged).extracting(Role::roleName).containsExactly("direct", "nested");
        assertThat(all).extracting(Role::roleName).containsExactly("direct", "nested", "evil", "root-level");
    }

    @Test
    void listRoles_role_carriesFieldsOfRealIam() {
        emulator.addRole(STAGE, "team-a", 7200);

        Role role = iam().listRoles(r -> r.pathPrefix(STAGE)).roles().getFirst();

        assertThat(role.path()).isEqualTo(STAGE);
        assertThat(role.arn()).isEqualTo("arn:aws:iam::111122223333:role/windmill-stage/team-a")
                .isEqualTo(emulator.roleArn(STAGE, "team-a"));
        assertThat(role.roleId()).matches("AROA[A-Z0-9]{17}");
        assertThat(role.createDate()).isCloseTo(Instant.now(), within(5, ChronoUnit.SECONDS));
        assertThat(role.maxSessionDuration()).isEqualTo(7200);
        assertThat(role.assumeRolePolicyDocument()).startsWith("%7B%22Version%22");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/windmill-stage", "windmill-stage/"})
    void listRoles_prefixNotStartingAndEndingWithSlash_failsWithValidationError(String prefix) {
        emulator.addRole(STAGE, "team-a");

        IamException error = catchThrowableOfType(IamException.class, () -> iam().listRoles(r -> r.pathPrefix(prefix)));

        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(error.awsErrorDetails().errorMessage()).startsWith("The specified value for pathPrefix is invalid.");
    }

    @Test
    void listRoles_maxItemsAboveThousand_failsWithValidationError() {
        IamException error = catchThrowableOfType(IamException.class, () -> iam().listRoles(r -> r.maxItems(1001)));

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(error.awsErrorDetails().errorMessage())
                .isEqualTo("1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 1000");
    }

    @Test
    void listRoles_markerNotIssuedByEmulator_failsWithValidationError() {
        IamException error = catchThrowableOfType(IamException.class,
                () -> iam().listRoles(r -> r.marker("not-a-marker")));

        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    }

    @Test
    void sts_actionOtherThanAssumeRole_failsWithInvalidAction() {
        StsException error = catchThrowableOfType(StsException.class, () -> sts().getCallerIdentity());

        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
        assertThat(emulator.requests()).extracting(Request::action).containsExactly("GetCallerIdentity");
    }

    @Test
    void listRoles_request_isSignedQueryProtocolForm() {
        iam().listRoles(r -> r.pathPrefix(STAGE).maxItems(5));

        Request request = emulator.requests().getFirst();
        assertThat(request.service()).isEqualTo("iam");
        assertThat(request.action()).isEqualTo("ListRoles");
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/");
        assertThat(request.headers().get("content-type")).startsWith("application/x-www-form-urlencoded");
        assertThat(request.headers()).doesNotContainKey("x-amz-target");
        assertThat(request.headers().get("authorization")).matches(SIGV4.formatted("iam"));
        assertThat(request.body())
                .isEqualTo("Action=ListRoles&Version=2010-05-08&PathPrefix=%2Fwindmill-stage%2F&MaxItems=5");
    }

    @Test
    void listRoles_throttledOnce_succeedsOnRetry() {
        emulator.addRole(STAGE, "team-a");
        emulator.throttleListRoles(1);

        List<Role> roles = iam().listRoles().roles();

        assertThat(roles).hasSize(1);
        assertThat(emulator.listRolesCalls()).isEqualTo(2);
    }

    @Test
    void listRoles_persistentServiceFailure_failsAfterRetriesUntilCleared() {
        emulator.failListRoles(500, "ServiceFailure", "Request processing has failed due to an internal error.");

        IamException error = catchThrowableOfType(IamException.class, () -> iam().listRoles());
        int callsWhileFailing = emulator.listRolesCalls();
        emulator.clearListRolesFailure();
        List<Role> afterClear = iam().listRoles().roles();

        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ServiceFailure");
        assertThat(error.numAttempts()).isEqualTo(3);
        assertThat(callsWhileFailing).isEqualTo(3);
        assertThat(afterClear).isEmpty();
    }

    @Test
    void assumeRole_fullArnOfExistingRole_returnsRealisticCredentials() {
        emulator.addRole(STAGE, "team-a");
        String arn = emulator.roleArn(STAGE, "team-a");

        AssumeRoleResponse response = sts().assumeRole(r -> r.roleArn(arn).roleSessionName("iam-sync-team-a")
                .durationSeconds(900));

        var credentials = response.credentials();
        assertThat(credentials.accessKeyId()).matches("ASIA[A-Z0-9]{16}");
        assertThat(credentials.secretAccessKey()).matches("[A-Za-z0-9+/]{40}");
        assertThat(credentials.sessionToken()).hasSize(852).matches("[A-Za-z0-9+/]+");
        assertThat(credentials.expiration())
                .isCloseTo(Instant.now().plusSeconds(900), within(5, ChronoUnit.SECONDS));
        assertThat(response.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::111122223333:assumed-role/team-a/iam-sync-team-a");
        assertThat(response.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z0-9]{17}:iam-sync-team-a");
        assertThat(emulator.issuedSecrets()).contains(credentials.secretAccessKey(), credentials.sessionToken());
        assertThat(emulator.assumeCalls()).containsExactly(new AssumeCall(arn, "iam-sync-team-a", 900, true, null));
    }

    @Test
    void assumeRole_request_isSignedQueryProtocolForm() {
        emulator.addRole(STAGE, "team-a");

        sts().assumeRole(r -> r.roleArn(emulator.roleArn(STAGE, "team-a")).roleSessionName("s1"));

        Request request = emulator.requests().getFirst();
        assertThat(request.service()).isEqualTo("sts");
        assertThat(request.headers().get("content-type")).startsWith("application/x-www-form-urlencoded");
        assertThat(request.headers().get("authorization")).matches(SIGV4.formatted("sts"));
        assertThat(request.body()).isEqualTo("Action=AssumeRole&Version=2011-06-15"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fwindmill-stage%2Fteam-a&RoleSessionName=s1");
        assertThat(emulator.assumeCalls().getFirst().durationSeconds()).isNull();
    }

    @Test
    void assumeRole_arnWithoutPath_failsWithAccessDeniedNamingCallerAndResource() {
        emulator.addRole(STAGE, "team-a");
        String pathless = "arn:aws:iam::111122223333:role/team-a";

        StsException error = catchThrowableOfType(StsException.class,
                () -> sts().assumeRole(r -> r.roleArn(pathless).roleSessionName("s1")));

        assertThat(error.statusCode()).isEqualTo(403);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("User: " + AwsEmulator.CALLER_ARN
                + " is not authorized to perform: sts:AssumeRole on resource: " + pathless);
        assertThat(emulator.assumeCalls()).containsExactly(new AssumeCall(pathless, "s1", null, false, "AccessDenied"));
    }

    @Test
    void assumeRole_removedRole_failsWithAccessDenied() {
        emulator.addRole(STAGE, "team-a");
        emulator.removeRole("team-a");

        StsException error = catchThrowableOfType(StsException.class,
                () -> sts().assumeRole(r -> r.roleArn(emulator.roleArn(STAGE, "team-a")).roleSessionName("s1")));

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "has space", "has/slash", "has:colon",
            "x2345678901234567890123456789012345678901234567890123456789012345"})
    void assumeRole_invalidSessionName_failsWithValidationError(String sessionName) {
        emulator.addRole(STAGE, "team-a");

        StsException error = catchThrowableOfType(StsException.class, () -> sts().assumeRole(
                r -> r.roleArn(emulator.roleArn(STAGE, "team-a")).roleSessionName(sessionName)));

        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(error.awsErrorDetails().errorMessage())
                .startsWith("1 validation error detected: Value '" + sessionName + "' at 'roleSessionName'");
        assertThat(emulator.assumeCalls()).hasSize(1);
    }

    @Test
    void assumeRole_sessionNameOfSixtyFourAllowedCharacters_succeeds() {
        emulator.addRole(STAGE, "team-a");
        String sessionName = "aZ09_+=,.@-".repeat(6).substring(0, 64);

        AssumeRoleResponse response = sts().assumeRole(
                r -> r.roleArn(emulator.roleArn(STAGE, "team-a")).roleSessionName(sessionName));

        assertThat(response.assumedRoleUser().arn()).endsWith("/team-a/" + sessionName);
    }

    @Test
    void assumeRole_durationAboveRoleMaximum_failsWithValidationError() {
        emulator.addRole(STAGE, "team-a");
        emulator.enforceRoleChaining(false);

        StsException error = catchThrowableOfType(StsException.class, () -> sts().assumeRole(
                r -> r.roleArn(emulator.roleArn(STAGE, "team-a")).roleSessionName("s1").durationSeconds(7200)));

        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(error.awsErrorDetails().errorMessage())
                .isEqualTo("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    @Test
    void assumeRole_chainedDurationAboveOneHour_failsWithValidationError() {
        emulator.addRole(STAGE, "team-a", 43200);

        StsException error = catchThrowableOfType(StsException.class, () -> sts().assumeRole(
                r -> r.roleArn(emulator.roleArn(STAGE, "team-a")).roleSessionName("s1").durationSeconds(3601)));

        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("The requested DurationSeconds exceeds the "
                + "1 hour session limit for roles assumed by role chaining.");
    }

    @Test
    void assumeRole_longDurationWithoutChaining_expiresThen() {
        emulator.addRole(STAGE, "team-a", 43200);
        emulator.enforceRoleChaining(false);

        AssumeRoleResponse response = sts().assumeRole(
                r -> r.roleArn(emulator.roleArn(STAGE, "team-a")).roleSessionName("s1").durationSeconds(43200));

        assertThat(response.credentials().expiration())
                .isCloseTo(Instant.now().plusSeconds(43200), within(5, ChronoUnit.SECONDS));
    }

    @Test
    void assumeRole_durationBelowModelMinimum_failsWithValidationError() {
        emulator.addRole(STAGE, "team-a");

        StsException error = catchThrowableOfType(StsException.class, () -> sts().assumeRole(
                r -> r.roleArn(emulator.roleArn(STAGE, "team-a")).roleSessionName("s1").durationSeconds(899)));

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: "
                + "Value '899' at 'durationSeconds' failed to satisfy constraint: "
                + "Member must have value greater than or equal to 900");
    }

    @Test
    void assumeRole_throttledTwice_succeedsOnThirdAttemptOfStandardRetry() {
        emulator.addRole(STAGE, "team-a");
        emulator.throttleAssume("team-a", 2);

        sts().assumeRole(r -> r.roleArn(emulator.roleArn(STAGE, "team-a")).roleSessionName("s1"));

        assertThat(emulator.assumeCalls()).extracting(AssumeCall::errorCode)
                .containsExactly("Throttling", "Throttling", null);
        assertThat(emulator.requests()).extracting(request -> request.headers().get("amz-sdk-request"))
                .containsExactly("attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3");
    }

    @Test
    void assumeRole_throttledBeyondMaxAttempts_failsWithThrottling() {
        emulator.addRole(STAGE, "team-a");
        emulator.throttleAssume("team-a", 5);

        StsException error = catchThrowableOfType(StsException.class,
                () -> sts().assumeRole(r -> r.roleArn(emulator.roleArn(STAGE, "team-a")).roleSessionName("s1")));

        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("Throttling");
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
        assertThat(error.isThrottlingException()).isTrue();
        assertThat(emulator.assumeCalls()).hasSize(3).noneMatch(AssumeCall::succeeded);
    }

    @Test
    void assumeRole_serviceUnavailableOnce_succeedsOnRetry() {
        emulator.addRole(STAGE, "team-a");
        emulator.failAssume("team-a", 1, 503);

        sts().assumeRole(r -> r.roleArn(emulator.roleArn(STAGE, "team-a")).roleSessionName("s1"));

        assertThat(emulator.assumeCalls()).extracting(AssumeCall::errorCode)
                .containsExactly("ServiceUnavailable", null);
    }

    @Test
    void assumeRole_internalFailureEveryTime_failsWithStatus500() {
        emulator.addRole(STAGE, "team-a");
        emulator.failAssume("team-a", 10, 500);

        StsException error = catchThrowableOfType(StsException.class,
                () -> sts().assumeRole(r -> r.roleArn(emulator.roleArn(STAGE, "team-a")).roleSessionName("s1")));

        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
        assertThat(emulator.assumeCalls()).hasSize(3);
    }

    @Test
    void assumeRole_deniedTwiceAfterCreation_succeedsOnThirdCall() {
        emulator.addRole(STAGE, "new-role");
        emulator.denyAssumeTimes("new-role", 2);
        String arn = emulator.roleArn(STAGE, "new-role");

        List<String> outcomes = new ArrayList<>();
        for (int call = 0; call < 3; call++) {
            try {
                sts().assumeRole(r -> r.roleArn(arn).roleSessionName("s1"));
                outcomes.add("ok");
            } catch (StsException e) {
                outcomes.add(e.awsErrorDetails().errorCode() + " " + e.statusCode());
            }
        }

        assertThat(outcomes).containsExactly("AccessDenied 403", "AccessDenied 403", "ok");
        assertThat(emulator.assumeCalls()).hasSize(3);
    }

    @Test
    void assumeRole_deniedForever_failsUntilFaultsCleared() {
        emulator.addRole(STAGE, "team-a");
        emulator.denyAssume("team-a");
        String arn = emulator.roleArn(STAGE, "team-a");

        StsException first = catchThrowableOfType(StsException.class,
                () -> sts().assumeRole(r -> r.roleArn(arn).roleSessionName("s1")));
        StsException second = catchThrowableOfType(StsException.class,
                () -> sts().assumeRole(r -> r.roleArn(arn).roleSessionName("s1")));
        emulator.clearAssumeFaults("team-a");
        AssumeRoleResponse third = sts().assumeRole(r -> r.roleArn(arn).roleSessionName("s1"));

        assertThat(first.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(second.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(third.credentials()).isNotNull();
    }

    @Test
    void assumeRole_concurrentCalls_allSucceedWithDistinctCredentials() throws Exception {
        IntStream.range(0, 8).forEach(i -> emulator.addRole(STAGE, "role-" + i));
        StsClient sts = sts();

        List<Future<String>> keys = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 64; i++) {
                String arn = emulator.roleArn(STAGE, "role-" + (i % 8));
                keys.add(pool.submit(() -> sts.assumeRole(r -> r.roleArn(arn).roleSessionName("s1"))
                        .credentials().accessKeyId()));
            }
        }
        Set<String> distinct = new HashSet<>();
        for (Future<String> key : keys) {
            distinct.add(key.get());
        }

        assertThat(distinct).hasSize(64);
        assertThat(emulator.assumeCalls()).hasSize(64).allMatch(AssumeCall::succeeded);
        assertThat(emulator.issuedSecrets()).hasSize(128);
    }

    @Test
    void getSecretValue_byNameAndByArn_returnsSecretString() {
        emulator.putSecret("windmill/api-token", "wm-token-123");
        String arn = emulator.secretArn("windmill/api-token");

        GetSecretValueResponse byName = secretsManager().getSecretValue(r -> r.secretId("windmill/api-token"));
        GetSecretValueResponse byArn = secretsManager().getSecretValue(r -> r.secretId(arn));

        assertThat(arn)
                .matches("arn:aws:secretsmanager:us-east-1:111122223333:secret:windmill/api-token-[A-Za-z0-9]{6}");
        for (GetSecretValueResponse response : List.of(byName, byArn)) {
            assertThat(response.secretString()).isEqualTo("wm-token-123");
            assertThat(response.name()).isEqualTo("windmill/api-token");
            assertThat(response.arn()).isEqualTo(arn);
            assertThat(response.versionStages()).containsExactly("AWSCURRENT");
            assertThat(response.versionId()).isNotBlank();
            assertThat(response.createdDate()).isCloseTo(Instant.now(), within(5, ChronoUnit.SECONDS));
        }
        assertThat(emulator.issuedSecrets()).contains("wm-token-123");
    }

    @Test
    void getSecretValue_request_isSignedJsonProtocol() {
        emulator.putSecret("windmill/api-token", "wm-token-123");

        secretsManager().getSecretValue(r -> r.secretId("windmill/api-token"));

        Request request = emulator.requests().getFirst();
        assertThat(request.service()).isEqualTo("secretsmanager");
        assertThat(request.action()).isEqualTo("GetSecretValue");
        assertThat(request.headers().get("content-type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(request.headers().get("x-amz-target")).isEqualTo("secretsmanager.GetSecretValue");
        assertThat(request.headers().get("authorization")).matches(SIGV4.formatted("secretsmanager"));
        assertThat(request.body()).isEqualTo("{\"SecretId\":\"windmill/api-token\"}");
    }

    @Test
    void getSecretValue_unknownSecret_failsWithResourceNotFound() {
        ResourceNotFoundException error = catchThrowableOfType(ResourceNotFoundException.class,
                () -> secretsManager().getSecretValue(r -> r.secretId("windmill/missing")));

        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(error.awsErrorDetails().errorMessage())
                .isEqualTo("Secrets Manager can't find the specified secret.");
    }

    @Test
    void globalEndpointUrl_servesAllThreeServicesOnOneUrl() {
        System.setProperty("aws.endpointUrl", emulator.endpoint().toString());
        emulator.addRole(STAGE, "team-a");
        emulator.putSecret("windmill/api-token", "wm-token-123");

        List<Role> roles = register(IamClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1).build()).listRoles().roles();
        AssumeRoleResponse assumed = register(StsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1).build())
                .assumeRole(r -> r.roleArn(roles.getFirst().arn()).roleSessionName("s1"));
        String secret = register(SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1).build())
                .getSecretValue(r -> r.secretId("windmill/api-token")).secretString();

        assertThat(assumed.credentials().accessKeyId()).startsWith("ASIA");
        assertThat(secret).isEqualTo("wm-token-123");
        assertThat(emulator.requests()).extracting(Request::service).containsExactly("iam", "sts", "secretsmanager");
        assertThat(emulator.requests()).allSatisfy(request ->
                assertThat(request.headers().get("authorization")).matches(SIGV4.formatted(request.service())));
    }

    @Test
    void unsignedRequests_areRejectedWithMissingAuthenticationToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI endpoint = emulator.endpoint();

        HttpResponse<String> query = http.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("Action=ListRoles&Version=2010-05-08"))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> json = http.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "secretsmanager.GetSecretValue")
                .POST(HttpRequest.BodyPublishers.ofString("{\"SecretId\":\"x\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(query.statusCode()).isEqualTo(403);
        assertThat(query.body()).contains("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">")
                .contains("<Type>Sender</Type><Code>MissingAuthenticationToken</Code>");
        assertThat(json.statusCode()).isEqualTo(403);
        assertThat(json.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(json.body()).contains("\"__type\":\"MissingAuthenticationTokenException\"");
        assertThat(emulator.listRolesCalls()).isZero();
    }

    private IamClient iam() {
        System.setProperty("aws.endpointUrlIam", emulator.endpoint().toString());
        return register(IamClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .overrideConfiguration(fastRetries())
                .build());
    }

    private StsClient sts() {
        System.setProperty("aws.endpointUrlSts", emulator.endpoint().toString());
        return register(StsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .overrideConfiguration(fastRetries())
                .build());
    }

    private SecretsManagerClient secretsManager() {
        System.setProperty("aws.endpointUrlSecretsManager", emulator.endpoint().toString());
        return register(SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .overrideConfiguration(fastRetries())
                .build());
    }

    /** The SDK's standard retry strategy (3 attempts, same retryable codes) with millisecond backoff. */
    private static ClientOverrideConfiguration fastRetries() {
        BackoffStrategy backoff = BackoffStrategy.exponentialDelay(Duration.ofMillis(1), Duration.ofMillis(10));
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .backoffStrategy(backoff)
                        .throttlingBackoffStrategy(backoff)
                        .build())
                .build();
    }

    private <T extends SdkAutoCloseable> T register(T client) {
        clients.add(client);
        return client;
    }
}
