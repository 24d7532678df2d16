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
    private final Region region;
    private IamClient iam;
    private StsClient sts;
    private SecretsManagerClient secretsManager;

    private AwsClients(SdkHttpClient http, DefaultCredentialsProvider credentials, Region region) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
    }

    /**
     * @throws ConfigException when no AWS region is configured
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
        return new AwsClients(http, DefaultCredentialsProvider.builder().build(), region);
    }

    public synchronized IamClient iam() {
        if (iam == null) {
            iam = IamClient.builder().httpClient(http).credentialsProvider(credentials).region(region)
                    .overrideConfiguration(overrides()).build();
        }
        return iam;
    }

    public synchronized StsClient sts() {
        if (sts == null) {
            sts = StsClient.builder().httpClient(http).credentialsProvider(credentials).region(region)
                    .overrideConfiguration(overrides()).build();
        }
        return sts;
    }

    public synchronized SecretsManagerClient secretsManager() {
        if (secretsManager == null) {
            secretsManager = SecretsManagerClient.builder().httpClient(http).credentialsProvider(credentials)
                    .region(region).overrideConfiguration(overrides()).build();
        }
        return secretsManager;
    }

    private static ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(API_CALL_TIMEOUT)
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .build();
    }

    @Override
    public synchronized void close() {
        if (iam != null) {
            iam.close();
        }
        if (sts != null) {
            sts.close();
        }
        if (secretsManager != null) {
            secretsManager.close();
        }
        http.close();
        credentials.close();
    }
}
