package dev.iamsync.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamsync.config.PathPrefix;
import dev.iamsync.sync.Trigger;
import java.util.Locale;

/**
 * Reads an EventBridge event. Every event runs the full reconcile; a CloudTrail event only refines it: a failed
 * API call (one with {@code errorCode}) changed nothing and is ignored, and a CreateRole under the prefix makes
 * the run wait for the new role to become assumable. Missing or null fields never fail.
 */
public final class EventInterpreter {
    private static final String CLOUDTRAIL_DETAIL_TYPE = "AWS API Call via CloudTrail";

    private final PathPrefix prefix;

    public EventInterpreter(PathPrefix prefix) {
        this.prefix = prefix;
    }

    /**
     * @throws InvalidEventException when the event is not a JSON object
     */
    public EventDecision interpret(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new InvalidEventException("the event is not a JSON object (got "
                    + (event == null ? "nothing" : event.getNodeType().toString().toLowerCase(Locale.ROOT))
                    + "); an EventBridge event, or {} for a plain run, is expected");
        }
        String detailType = text(event.path("detail-type"));
        if (detailType.equals("Scheduled Event")) {
            return new EventDecision.Run(Trigger.of("schedule"));
        }
        if (!detailType.equals(CLOUDTRAIL_DETAIL_TYPE)) {
            return new EventDecision.Run(Trigger.of(detailType.isEmpty() ? "invocation" : "event " + detailType));
        }
        JsonNode detail = event.path("detail");
        String eventName = text(detail.path("eventName"));
        String roleName = firstText(detail.path("responseElements").path("role").path("roleName"),
                detail.path("requestParameters").path("roleName"));
        String label = (eventName.isEmpty() ? "CloudTrail event" : eventName)
                + (roleName.isEmpty() ? "" : " " + roleName);
        String errorCode = text(detail.path("errorCode"));
        if (!errorCode.isEmpty()) {
            return new EventDecision.Ignore(label, label + " failed with " + errorCode
                    + ": the call changed nothing in IAM, so nothing was done");
        }
        if (eventName.equals("CreateRole") && !roleName.isEmpty() && isUnderPrefix(detail)) {
            return new EventDecision.Run(Trigger.roleCreated(roleName));
        }
        return new EventDecision.Run(Trigger.of(label));
    }

    private boolean isUnderPrefix(JsonNode detail) {
        // responseElements always carries the path; requestParameters lacks it when the caller took the default.
        String path = firstText(detail.path("responseElements").path("role").path("path"),
                detail.path("requestParameters").path("path"));
        return prefix.covers(path.isEmpty() ? "/" : path);
    }

    private static String firstText(JsonNode first, JsonNode second) {
        String value = text(first);
        return value.isEmpty() ? text(second) : value;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : "";
    }
}
