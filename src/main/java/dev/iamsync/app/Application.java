package dev.iamsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamsync.aws.AwsClients;
import dev.iamsync.config.SyncConfig;
import dev.iamsync.config.SyncConfigReader;
import dev.iamsync.config.TokenReference;
import dev.iamsync.credentials.StsCredentialIssuer;
import dev.iamsync.events.EventDecision;
import dev.iamsync.events.EventInterpreter;
import dev.iamsync.log.JsonLog;
import dev.iamsync.roles.IamRoleDirectory;
import dev.iamsync.sync.PlanReport;
import dev.iamsync.sync.Reconciler;
import dev.iamsync.sync.Sleeper;
import dev.iamsync.sync.SyncReport;
import dev.iamsync.sync.Trigger;
import dev.iamsync.windmill.HttpWindmillClient;
import dev.iamsync.windmill.SecretsManagerTokenSource;
import dev.iamsync.windmill.TokenSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The wired application shared by the Lambda handler and the CLI: configuration read and validated, adapters
 * built, nothing fetched. The token is read on the first Windmill call and kept for a few minutes.
 */
final class Application implements AutoCloseable {
    static final Duration TOKEN_TIME_TO_LIVE = Duration.ofMinutes(5);

    private final AwsClients aws;
    private final Reconciler reconciler;
    private final EventInterpreter interpreter;
    private final JsonLog log;

    private Application(SyncConfig config, AwsClients aws, JsonLog log) {
        this.aws = aws;
        this.log = log;
        TokenSource tokens = switch (config.token()) {
            case TokenReference.Literal literal -> TokenSource.fixed(literal.token());
            case TokenReference.SecretsManagerSecret secret -> new SecretsManagerTokenSource(aws.secretsManager(),
                    secret.secretId(), TOKEN_TIME_TO_LIVE, Clock.systemUTC());
        };
        this.reconciler = new Reconciler(config, new HttpWindmillClient(config.windmillBaseUrl(), tokens),
                new IamRoleDirectory(aws.iam()), new StsCredentialIssuer(aws.sts()), log, Clock.systemUTC(),
                Sleeper.real());
        this.interpreter = new EventInterpreter(config.pathPrefix());
    }

    /**
     * @throws dev.iamsync.config.ConfigException when a variable is missing or malformed, or no region is set
     */
    static Application fromEnvironment(Map<String, String> environment, JsonLog log) {
        SyncConfig config = SyncConfigReader.read(environment);
        return new Application(config, AwsClients.create(), log);
    }

    SyncReport sync(Trigger trigger) {
        return reconciler.sync(trigger);
    }

    PlanReport plan() {
        return reconciler.plan();
    }

    /** Exactly what the Lambda does with an event; no workspace write starts after {@code deadline}. */
    SyncReport handle(JsonNode event, Instant deadline) {
        return switch (interpreter.interpret(event)) {
            case EventDecision.Run run -> reconciler.sync(run.trigger(), deadline);
            case EventDecision.Ignore ignore -> {
                log.info("event ignored", "trigger", ignore.trigger(), "reason", ignore.reason());
                yield SyncReport.ignored(ignore.trigger(), Instant.now().toString(), ignore.reason());
            }
        };
    }

    @Override
    public void close() {
        aws.close();
    }
}
