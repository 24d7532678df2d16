package dev.iamsync.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one sync run needs to know, read from the environment by {@link SyncConfigReader}. Holds no
 * secret except inside {@link TokenReference.Literal}, whose {@code toString} hides it.
 *
 * @param windmillBaseUrl   Windmill's base URL without a trailing slash and without {@code /api}
 * @param token             where the Windmill API token comes from
 * @param pathPrefix        the IAM path prefix whose roles are synced
 * @param folder            the Windmill folder holding the variable
 * @param variablePath      the full variable path, {@code f/<folder>/<variable>}
 * @param sessionDuration   requested lifetime of each role session
 * @param assumeConcurrency how many AssumeRole calls may run at once
 */
public record SyncConfig(
        URI windmillBaseUrl,
        TokenReference token,
        PathPrefix pathPrefix,
        String folder,
        String variablePath,
        Duration sessionDuration,
        int assumeConcurrency) {

    public SyncConfig {
        Objects.requireNonNull(windmillBaseUrl, "windmillBaseUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(variablePath, "variablePath");
        Objects.requireNonNull(sessionDuration, "sessionDuration");
        if (assumeConcurrency < 1) {
            throw new IllegalArgumentException("assumeConcurrency must be at least 1");
        }
    }
}
