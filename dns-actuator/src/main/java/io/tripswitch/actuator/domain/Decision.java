package io.tripswitch.actuator.domain;

import java.util.Objects;

/** The part of a failover decision the actuator acts on: which region a group's traffic goes to, at which epoch. */
public record Decision(String decisionId, String group, long epoch, String activeRegion) {

    public Decision {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(activeRegion, "activeRegion");
    }
}
