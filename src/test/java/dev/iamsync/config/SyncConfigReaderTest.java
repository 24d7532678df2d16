package dev.iamsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncConfigReaderTest {

    private static Map<String, String> valid() {
        Map<String, String> env = new HashMap<>();
        env.put("WM_BASE_URL", "https://windmill.example.com/");
        env.put("WM_TOKEN_SECRET_ID", "windmill/superadmin-token");
        env.put("WM_IAM_PATH_PREFIX", "/windmill-stage/");
        return env;
    }

    @Test
    void read_minimalEnvironment_appliesDefaults() {
        SyncConfig config = SyncConfigReader.read(valid());

        assertThat(config.windmillBaseUrl()).isEqualTo(URI.create("https://windmill.example.com"));
        assertThat(config.token()).isEqualTo(new TokenReference.SecretsManagerSecret("windmill/superadmin-token"));
        assertThat(config.pathPrefix().value()).isEqualTo("/windmill-stage/");
        assertThat(config.folder()).isEqualTo("aws");
        assertThat(config.variablePath()).isEqualTo("f/aws/iam");
        assertThat(config.sessionDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(config.assumeConcurrency()).isEqualTo(8);
    }

    @Test
    void read_prefixWithoutSlashes_isNormalised() {
        Map<String, String> env = valid();
        env.put("WM_IAM_PATH_PREFIX", "windmill-stage");

        assertThat(SyncConfigReader.read(env).pathPrefix().value()).isEqualTo("/windmill-stage/");
    }

    @Test
    void read_aliasPrefix_isAccepted() {
        Map<String, String> env = valid();
        env.remove("WM_IAM_PATH_PREFIX");
        env.put("WM_IAM_PREFIX", "/windmill-prod");

        assertThat(SyncConfigReader.read(env).pathPrefix().value()).isEqualTo("/windmill-prod/");
    }

    @Test
    void read_prefixAndDisagreeingAlias_isRefused() {
        Map<String, String> env = valid();
        env.put("WM_IAM_PREFIX", "/other/");

        assertThatThrownBy(() -> SyncConfigReader.read(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("WM_IAM_PATH_PREFIX")
                .hasMessageContaining("WM_IAM_PREFIX");
    }

    @Test
    void read_rootPrefix_isRefused() {
        Map<String, String> env = valid();
        env.put("WM_IAM_PATH_PREFIX", "/");

        assertThatThrownBy(() -> SyncConfigReader.read(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("WM_IAM_PATH_PREFIX is '/'");
    }

    @Test
    void read_prefixWithSpaceOrEmptySegment_isRefusedNamingTheValue() {
        Map<String, String> env = valid();
        env.put("WM_IAM_PATH_PREFIX", "/windmill stage//");

        assertThatThrownBy(() -> SyncConfigReader.read(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("WM_IAM_PATH_PREFIX is not a valid IAM path: '/windmill stage//'");
    }

    @Test
    void read_plainHttp_isRefusedUnlessOptedIn() {
        Map<String, String> env = valid();
        env.put("WM_BASE_URL", "http://windmill.internal:8000");

        assertThatThrownBy(() -> SyncConfigReader.read(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("WM_BASE_URL is plain http")
                .hasMessageContaining("WM_ALLOW_INSECURE_HTTP=true");

        env.put("WM_ALLOW_INSECURE_HTTP", "true");
        assertThat(SyncConfigReader.read(env).windmillBaseUrl()).isEqualTo(URI.create("http://windmill.internal:8000"));
    }

    @Test
    void read_baseUrlEndingInApi_dropsTheApiSuffix() {
        Map<String, String> env = valid();
        env.put("WM_BASE_URL", "https://windmill.example.com/api/");

        assertThat(SyncConfigReader.read(env).windmillBaseUrl()).isEqualTo(URI.create("https://windmill.example.com"));
    }

    @Test
    void read_missingEverything_listsEveryProblem() {
        assertThatThrownBy(() -> SyncConfigReader.read(Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .hasSize(3)
                        .anySatisfy(p -> assertThat(p).startsWith("WM_BASE_URL is not set"))
                        .anySatisfy(p -> assertThat(p).contains("WM_TOKEN_SECRET_ID"))
                        .anySatisfy(p -> assertThat(p).startsWith("WM_IAM_PATH_PREFIX is not set")));
    }

    @Test
    void read_bothTokenSources_isRefusedWithoutEchoingTheToken() {
        Map<String, String> env = valid();
        env.put("WM_TOKEN", "super-secret-token-value");

        assertThatThrownBy(() -> SyncConfigReader.read(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("both WM_TOKEN and WM_TOKEN_SECRET_ID")
                .message().doesNotContain("super-secret-token-value");
    }

    @Test
    void read_literalToken_isHiddenInToString() {
        Map<String, String> env = valid();
        env.remove("WM_TOKEN_SECRET_ID");
        env.put("WM_TOKEN", "super-secret-token-value");

        SyncConfig config = SyncConfigReader.read(env);

        assertThat(config.token()).isInstanceOf(TokenReference.Literal.class);
        assertThat(config.toString()).doesNotContain("super-secret-token-value");
    }

    @Test
    void read_durationOutOfRange_namesVariableAndRange() {
        Map<String, String> env = valid();
        env.put("WM_SESSION_DURATION_SECONDS", "600");

        assertThatThrownBy(() -> SyncConfigReader.read(env))
                .hasMessage("WM_SESSION_DURATION_SECONDS must be a whole number from 900 to 43200, got '600'");
    }

    @Test
    void read_nonNumericConcurrency_namesVariable() {
        Map<String, String> env = valid();
        env.put("WM_ASSUME_CONCURRENCY", "lots");

        assertThatThrownBy(() -> SyncConfigReader.read(env))
                .hasMessage("WM_ASSUME_CONCURRENCY must be a whole number from 1 to 64, got 'lots'");
    }

    @Test
    void read_folderWithHyphen_isRefused() {
        Map<String, String> env = valid();
        env.put("WM_FOLDER", "aws-creds");

        assertThatThrownBy(() -> SyncConfigReader.read(env))
                .hasMessageStartingWith("WM_FOLDER must be a Windmill folder name")
                .hasMessageContaining("'aws-creds'");
    }

    @Test
    void read_variableWithDot_isRefusedNamingFullPath() {
        Map<String, String> env = valid();
        env.put("WM_VARIABLE", "iam.json");

        assertThatThrownBy(() -> SyncConfigReader.read(env))
                .hasMessageContaining("WM_VARIABLE")
                .hasMessageContaining("'f/aws/iam.json'");
    }

    @Test
    void read_nestedVariableName_buildsPath() {
        Map<String, String> env = valid();
        env.put("WM_FOLDER", "platform");
        env.put("WM_VARIABLE", "aws/creds");

        assertThat(SyncConfigReader.read(env).variablePath()).isEqualTo("f/platform/aws/creds");
    }

    @Test
    void read_badInsecureFlag_namesValue() {
        Map<String, String> env = valid();
        env.put("WM_ALLOW_INSECURE_HTTP", "yes");

        assertThatThrownBy(() -> SyncConfigReader.read(env))
                .hasMessageContaining("WM_ALLOW_INSECURE_HTTP must be 'true' or 'false', got 'yes'");
    }

    @Test
    void read_prefixWithWildcardOrArn_isRefusedWithHint() {
        Map<String, String> env = valid();
        env.put("WM_IAM_PATH_PREFIX", "/windmill-stage/*");

        assertThatThrownBy(() -> SyncConfigReader.read(env))
                .hasMessageContaining("'/windmill-stage/*'")
                .hasMessageContaining("no wildcards");

        env.put("WM_IAM_PATH_PREFIX", "arn:aws:iam::111122223333:role/windmill-stage/");
        assertThatThrownBy(() -> SyncConfigReader.read(env)).hasMessageContaining("not an ARN");
    }

    @Test
    void read_variableGivenAsFullPath_explainsFolderAndName() {
        Map<String, String> env = valid();
        env.put("WM_VARIABLE", "f/aws/iam");

        assertThatThrownBy(() -> SyncConfigReader.read(env))
                .hasMessage("WM_VARIABLE is the name inside WM_FOLDER, not a full path: got 'f/aws/iam'; for"
                        + " f/aws/iam set WM_FOLDER=aws and WM_VARIABLE=iam");
    }

    @Test
    void read_unknownLogLevel_isRefused() {
        Map<String, String> env = valid();
        env.put("WM_LOG_LEVEL", "verbose");

        assertThatThrownBy(() -> SyncConfigReader.read(env))
                .hasMessage("WM_LOG_LEVEL must be DEBUG, INFO, WARN or ERROR, got 'verbose'");
    }

    @Test
    void read_baseUrlWithPassword_isRefusedWithoutRepeatingIt() {
        Map<String, String> env = valid();
        env.put("WM_BASE_URL", "https://admin:hunter2-url-password@windmill.example.com");

        assertThatThrownBy(() -> SyncConfigReader.read(env))
                .hasMessageContaining("must not carry a query, fragment or user info")
                .message().doesNotContain("hunter2-url-password");
    }

    @Test
    void read_baseUrlWithUnderscoreHostOrBadPort_saysWhy() {
        Map<String, String> env = valid();
        env.put("WM_BASE_URL", "https://windmill_server:8000");
        assertThatThrownBy(() -> SyncConfigReader.read(env)).hasMessageContaining("host name with '_'");

        env.put("WM_BASE_URL", "https://127.0.0.1:99999");
        assertThatThrownBy(() -> SyncConfigReader.read(env)).hasMessageContaining("port above 65535");
    }

    @Test
    void read_prefixAndAliasEqualAfterNormalising_areAccepted() {
        Map<String, String> env = valid();
        env.put("WM_IAM_PREFIX", "windmill-stage");

        assertThat(SyncConfigReader.read(env).pathPrefix().value()).isEqualTo("/windmill-stage/");
    }

    @Test
    void read_tokenWithLineBreak_isRefusedWithoutRepeatingIt() {
        Map<String, String> env = valid();
        env.remove("WM_TOKEN_SECRET_ID");
        env.put("WM_TOKEN", "first-part\nSECRET-second-part");

        assertThatThrownBy(() -> SyncConfigReader.read(env))
                .hasMessageContaining("WM_TOKEN holds characters an HTTP header cannot carry")
                .message().doesNotContain("SECRET-second-part");
    }
}
