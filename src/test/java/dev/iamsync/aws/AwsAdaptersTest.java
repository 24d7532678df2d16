package dev.iamsync.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamsync.config.PathPrefix;
import dev.iamsync.credentials.AssumeRoleException;
import dev.iamsync.credentials.RoleCredentials;
import dev.iamsync.credentials.StsCredentialIssuer;
import dev.iamsync.emulator.AwsEmulator;
import dev.iamsync.roles.IamRole;
import dev.iamsync.roles.IamRoleDirectory;
import dev.iamsync.roles.RoleListingException;
import dev.iamsync.windmill.SecretsManagerTokenSource;
import dev.iamsync.windmill.TokenUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our IAM, STS and Secrets Manager adapters on the real SDK clients, built by {@link AwsClients} exactly as in
 * production, reaching the emulator through the SDK's standard endpoint settings.
 */
class AwsAdaptersTest {
    private AwsEmulator aws;
    private AwsClients clients;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start();
        System.setProperty("aws.endpointUrlIam", aws.endpoint().toString());
        System.setProperty("aws.endpointUrlSts", aws.endpoint().toString());
        System.setProperty("aws.endpointUrlSecretsManager", aws.endpoint().toString());
        clients = AwsClients.create();
    }

    @AfterEach
    void stop() {
        clients.close();
        System.clearProperty("aws.endpointUrlIam");
        System.clearProperty("aws.endpointUrlSts");
        System.clearProperty("aws.endpointUrlSecretsManager");
        aws.close();
    }

    @Test
    void listRoles_followsEveryShortPageAndSendsThePrefix() {
        aws.listRolesPageCap(40);
        for (int i = 0; i < 130; i++) {
            aws.addRole("/windmill-stage/w=ws" + (i % 7) + "/", "role" + i);
        }
        aws.addRole("/windmill-stage-evil/w=ws1/", "evil");

        var roles = new IamRoleDirectory(clients.iam()).listRoles(PathPrefix.normalise("/windmill-stage"));

        assertThat(roles).hasSize(130).extracting(IamRole::name).doesNotContain("evil");
        assertThat(roles.get(0).arn()).isEqualTo(aws.roleArn("/windmill-stage/w=ws0/", "role0"));
        assertThat(roles.get(0).maxSessionDurationSeconds()).isEqualTo(3600);
        assertThat(aws.requests()).filteredOn(request -> request.action().equals("ListRoles"))
                .hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(request -> assertThat(request.body()).contains("PathPrefix=%2Fwindmill-stage%2F"));
    }

    @Test
    void listRoles_denied_isReportedWithCodeAndHint() {
        aws.failListRoles(403, "AccessDenied", "User is not authorized to perform: iam:ListRoles");

        assertThatThrownBy(() -> new IamRoleDirectory(clients.iam()).listRoles(PathPrefix.normalise("/p/")))
                .isInstanceOf(RoleListingException.class)
                .hasMessageContaining("AccessDenied (HTTP 403)")
                .hasMessageContaining("iam:ListRoles");
    }

    @Test
    void assume_returnsCredentialsAndSendsArnSessionAndDuration() {
        aws.addRole("/windmill-stage/w=infra/", "ec2_ro");
        String arn = aws.roleArn("/windmill-stage/w=infra/", "ec2_ro");

        RoleCredentials credentials = new StsCredentialIssuer(clients.sts())
                .assume(arn, "wm-infra.ec2_ro", Duration.ofSeconds(900));

        assertThat(credentials.accessKeyId()).startsWith("ASIA");
        assertThat(aws.issuedSecrets()).contains(credentials.secretAccessKey(), credentials.sessionToken());
        assertThat(credentials.expiration()).isAfter(Instant.now().plusSeconds(800));
        assertThat(credentials.assumedRoleArn()).endsWith(":assumed-role/ec2_ro/wm-infra.ec2_ro");
        assertThat(credentials.toString()).doesNotContain(credentials.secretAccessKey(), credentials.sessionToken());
        assertThat(aws.assumeCalls()).singleElement()
                .isEqualTo(new AwsEmulator.AssumeCall(arn, "wm-infra.ec2_ro", 900, true, null));
    }

    @Test
    void assume_denied_isClassifiedAsAccessDenied() {
        aws.addRole("/windmill-stage/w=infra/", "locked");
        aws.denyAssume("locked");
        String arn = aws.roleArn("/windmill-stage/w=infra/", "locked");

        assertThatThrownBy(() -> new StsCredentialIssuer(clients.sts()).assume(arn, "s-1", Duration.ofHours(1)))
                .isInstanceOfSatisfying(AssumeRoleException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AssumeRoleException.Kind.ACCESS_DENIED);
                    assertThat(e.errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.getMessage()).contains(arn);
                });
        assertThat(aws.assumeCalls()).hasSize(1);
    }

    @Test
    void assume_overChainingCap_isClassifiedForTheOneHourRetry() {
        aws.addRole("/windmill-stage/w=infra/", "long", 43_200);
        aws.enforceRoleChaining(true);
        String arn = aws.roleArn("/windmill-stage/w=infra/", "long");

        assertThatThrownBy(() -> new StsCredentialIssuer(clients.sts()).assume(arn, "s-1", Duration.ofHours(2)))
                .isInstanceOfSatisfying(AssumeRoleException.class,
                        e -> assertThat(e.kind()).isEqualTo(AssumeRoleException.Kind.ROLE_CHAINING_LIMIT));
    }

    @Test
    void tokenSource_readsRawOrJsonTokenAndCachesIt() {
        aws.putSecret("raw", "  raw-token-value \n");
        aws.putSecret("json", "{\"token\": \"json-token-value\", \"note\": \"x\"}");
        Clock clock = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

        SecretsManagerTokenSource raw = new SecretsManagerTokenSource(clients.secretsManager(), "raw",
                Duration.ofMinutes(5), clock);
        SecretsManagerTokenSource json = new SecretsManagerTokenSource(clients.secretsManager(),
                aws.secretArn("json"), Duration.ofMinutes(5), clock);

        assertThat(raw.token()).isEqualTo("raw-token-value");
        assertThat(raw.token()).isEqualTo("raw-token-value");
        assertThat(json.token()).isEqualTo("json-token-value");
        assertThat(aws.requests()).filteredOn(request -> request.service().equals("secretsmanager")).hasSize(2);
    }

    @Test
    void tokenSource_jsonWithoutToken_failsWithoutQuotingTheSecret() {
        aws.putSecret("bad", "{\"password\": \"hunter2-secret\"}");
        SecretsManagerTokenSource source = new SecretsManagerTokenSource(clients.secretsManager(), "bad",
                Duration.ofMinutes(5), Clock.systemUTC());

        assertThatThrownBy(source::token)
                .isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("'bad'")
                .hasMessageContaining("'token'")
                .hasMessageNotContaining("hunter2-secret");
    }

    @Test
    void tokenSource_renew_readsAgainAtMostOncePerHalfMinute() {
        aws.putSecret("rotating", "first");
        Instant[] now = {Instant.parse("2026-12-04T12:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now[0];
            }

            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        SecretsManagerTokenSource source = new SecretsManagerTokenSource(clients.secretsManager(), "rotating",
                Duration.ofMinutes(5), clock);
        assertThat(source.token()).isEqualTo("first");
        aws.putSecret("rotating", "second");

        boolean first = source.renew();
        aws.putSecret("rotating", "third");
        boolean again = source.renew();
        String afterAgain = source.token();
        now[0] = now[0].plusSeconds(31);
        boolean later = source.renew();

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(afterAgain).isEqualTo("second");
        assertThat(later).isTrue();
        assertThat(source.token()).isEqualTo("third");
        assertThat(aws.requests()).filteredOn(request -> request.service().equals("secretsmanager")).hasSize(3);
    }

    @Test
    void tokenSource_tokenWithInvisibleCharacter_failsWithoutQuotingIt() {
        aws.putSecret("pasted", "{\"token\": \"wm-token-\u200bSECRETPART\"}");
        SecretsManagerTokenSource source = new SecretsManagerTokenSource(clients.secretsManager(), "pasted",
                Duration.ofMinutes(5), Clock.systemUTC());

        assertThatThrownBy(source::token)
                .isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("characters an HTTP header cannot carry")
                .hasMessageNotContaining("SECRETPART");
    }

    @Test
    void tokenSource_jsonArray_isRefusedAsWrongFormat() {
        aws.putSecret("array", "[\"wm-token\"]");
        SecretsManagerTokenSource source = new SecretsManagerTokenSource(clients.secretsManager(), "array",
                Duration.ofMinutes(5), Clock.systemUTC());

        assertThatThrownBy(source::token).hasMessageContaining("JSON that is not an object");
    }
}
