package dev.iamsync.aws;

import dev.iamsync.config.ConfigException;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the SDK clients once per process. Region, credentials and endpoints come from the SDK's standard
 * sources ({@code AWS_REGION}, the default credentials chain, {@code AWS_ENDPOINT_URL} and
 * {@code AWS_ENDPOINT_URL_<SERVICE>}); nothing here overrides them. Building a client fetches no credentials.
 */
public final class AwsClients implements AutoCloseable {
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(15);

    private final SdkHttpClient http;
    private final DefaultCredentialsProvider credentials;
    private final IamClient iam;
    private final StsClient sts;
    private final SecretsManagerClient secretsManager;

    private AwsClients(SdkHttpClient http, DefaultCredentialsProvider credentials, Region region) {
        this.http = http;
        this.credentials = credentials;
        this.iam = IamClient.builder().httpClient(http).credentialsProvider(credentials).region(region)
                .overrideConfiguration(overrides()).build();
        this.sts = StsClient.builder().httpClient(http).credentialsProvider(credentials).region(region)
                .overrideConfiguration(overrides()).build();
        this.secretsManager = SecretsManagerClient.builder().httpClient(http).credentialsProvider(credentials)
                .region(region).overrideConfiguration(overrides()).build();
    }

    /**
     * Builds every client now, so that a bad SDK setting (AWS_MAX_ATTEMPTS, AWS_RETRY_MODE, AWS_ENDPOINT_URL...)
     * is a configuration error before any call, and a SnapStart snapshot holds ready clients.
     *
     * @throws ConfigException when no AWS region is configured or an SDK setting is malformed
     */
    public static AwsClients create() {
        Region region;
        try {
            region = DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new ConfigException("AWS_REGION is not set and no region is configured in the AWS profile:"
                    + " set AWS_REGION, e.g. AWS_REGION=us-east-1");
        }
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(15))
                .build();
        try {
            return new AwsClients(http, DefaultCredentialsProvider.builder().build(), region);
        } catch (RuntimeException e) {
            http.close();
            // These messages come from parsing the SDK's own settings, which hold no secrets.
            throw new ConfigException("an AWS SDK setting is malformed (check AWS_MAX_ATTEMPTS, AWS_RETRY_MODE,"
                    + " AWS_ENDPOINT_URL*, AWS_PROFILE): " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    public IamClient iam() {
        return iam;
    }

    public StsClient sts() {
        return sts;
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager;
    }

    private static ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(API_CALL_TIMEOUT)
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .build();
    }

    @Override
    public void close() {
        iam.close();
        sts.close();
        secretsManager.close();
        http.close();
        credentials.close();
    }
}
