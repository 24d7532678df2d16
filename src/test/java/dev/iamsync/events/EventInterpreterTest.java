package dev.iamsync.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamsync.config.PathPrefix;
import dev.iamsync.sync.Trigger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventInterpreterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventInterpreter interpreter = new EventInterpreter(PathPrefix.normalise("/windmill-stage/"));

    private static JsonNode cloudTrail(String detail) throws Exception {
        return JSON.readTree("{\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.iam\",\"detail\":"
                + detail + "}");
    }

    @Test
    void interpret_scheduledEvent_runsFullSync() throws Exception {
        EventDecision decision = interpreter.interpret(JSON.readTree(
                "{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"detail\":{}}"));

        assertThat(decision).isEqualTo(new EventDecision.Run(Trigger.of("schedule")));
    }

    @Test
    void interpret_createRoleUnderPrefix_runsWithNewRoleRetry() throws Exception {
        EventDecision decision = interpreter.interpret(cloudTrail("{\"eventName\":\"CreateRole\","
                + "\"requestParameters\":{\"roleName\":\"ec2_ro\"},"
                + "\"responseElements\":{\"role\":{\"roleName\":\"ec2_ro\",\"path\":\"/windmill-stage/w=infra/\"}}}"));

        assertThat(decision).isEqualTo(new EventDecision.Run(Trigger.roleCreated("ec2_ro")));
    }

    @Test
    void interpret_createRoleOutsidePrefix_runsWithoutNewRoleRetry() throws Exception {
        EventDecision decision = interpreter.interpret(cloudTrail("{\"eventName\":\"CreateRole\","
                + "\"requestParameters\":{\"roleName\":\"other\"},\"responseElements\":null}"));

        assertThat(decision).isInstanceOfSatisfying(EventDecision.Run.class,
                run -> assertThat(run.trigger().createdRole()).isEqualTo(Optional.empty()));
    }

    @Test
    void interpret_createRoleWithPathOnlyInRequest_isUnderPrefix() throws Exception {
        EventDecision decision = interpreter.interpret(cloudTrail("{\"eventName\":\"CreateRole\","
                + "\"requestParameters\":{\"roleName\":\"r\",\"path\":\"/windmill-stage/w=a/\"}}"));

        assertThat(decision).isEqualTo(new EventDecision.Run(Trigger.roleCreated("r")));
    }

    @Test
    void interpret_failedCall_isIgnored() throws Exception {
        EventDecision decision = interpreter.interpret(cloudTrail("{\"eventName\":\"CreateRole\","
                + "\"errorCode\":\"AccessDenied\",\"requestParameters\":{\"roleName\":\"ec2_ro\"},"
                + "\"responseElements\":null}"));

        assertThat(decision).isInstanceOfSatisfying(EventDecision.Ignore.class,
                ignore -> assertThat(ignore.reason()).contains("CreateRole ec2_ro failed with AccessDenied"));
    }

    @Test
    void interpret_deleteRole_runsFullSync() throws Exception {
        EventDecision decision = interpreter.interpret(cloudTrail("{\"eventName\":\"DeleteRole\","
                + "\"requestParameters\":{\"roleName\":\"ec2_ro\"},\"responseElements\":null}"));

        assertThat(decision).isEqualTo(new EventDecision.Run(Trigger.of("DeleteRole ec2_ro")));
    }

    @Test
    void interpret_missingOrNullFields_neverFail() throws Exception {
        assertThat(interpreter.interpret(cloudTrail("null"))).isInstanceOf(EventDecision.Run.class);
        assertThat(interpreter.interpret(cloudTrail("{\"requestParameters\":null}")))
                .isInstanceOf(EventDecision.Run.class);
        assertThat(interpreter.interpret(JSON.readTree("{}")))
                .isEqualTo(new EventDecision.Run(Trigger.of("invocation")));
        assertThat(interpreter.interpret(JSON.readTree("{\"detail-type\":42}"))).isInstanceOf(EventDecision.Run.class);
    }

    @Test
    void interpret_nonObjects_areRefusedNamingWhatCame() throws Exception {
        assertThatThrownBy(() -> interpreter.interpret(JSON.readTree("[1]")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("got array");
        assertThatThrownBy(() -> interpreter.interpret(JSON.readTree("null")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("got null");
        assertThatThrownBy(() -> interpreter.interpret(JSON.readTree("\"text\"")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("got string");
    }
}
