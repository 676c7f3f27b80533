package io.tripswitch.actuator.domain;

import java.util.Objects;

/** Where a group's traffic must go, as of which epoch, and the decision that said so (the level a resync converges to). */
public record DesiredState(String group, long epoch, String activeRegion, String decisionId) {

    public DesiredState {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(activeRegion, "activeRegion");
        Objects.requireNonNull(decisionId, "decisionId");
    }

    static DesiredState of(Decision decision) {
        return new DesiredState(decision.group(), decision.epoch(), decision.activeRegion(), decision.decisionId());
    }

    /** The decision a resync acts on behalf of. */
    public Decision asDecision() {
        return new Decision(decisionId, group, epoch, activeRegion);
    }
}
