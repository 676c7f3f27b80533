package io.tripswitch.decision.domain;

import java.time.Instant;

/**
 * One alert record to publish. A condition's FIRING and its RESOLVED carry the same {@code alertId}, so a
 * consumer can pair them; one-shot events (a failover happened, a command was rejected) only ever FIRE.
 */
public record AlertNotice(String alertId, AlertCondition condition, Status status, Instant at) {

    /** Where an alert is in its lifecycle. */
    public enum Status { FIRING, RESOLVED }
}
