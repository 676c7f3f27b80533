package io.tripswitch.probe.check;

import java.util.Objects;

/** What one check saw of one endpoint: the (possibly derived) target and the outcome. */
public record Observation(CheckTarget target, CheckOutcome outcome) {

    public Observation {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
    }
}
