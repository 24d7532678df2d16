package dev.iamsync.events;

import dev.iamsync.sync.Trigger;

/** What an incoming event asks for: a reconcile run, or nothing at all. */
public sealed interface EventDecision {

    /** Run a full reconcile for this trigger. */
    record Run(Trigger trigger) implements EventDecision {
    }

    /** Do nothing: the event describes no change (a failed API call). */
    record Ignore(String trigger, String reason) implements EventDecision {
    }
}
