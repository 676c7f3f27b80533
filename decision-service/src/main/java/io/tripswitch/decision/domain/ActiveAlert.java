package io.tripswitch.decision.domain;

import java.time.Instant;

/** An alert that has FIRED and is not yet RESOLVED: what is remembered so a condition never fires twice. */
public record ActiveAlert(String alertId, AlertCondition condition, Instant firedAt) {
}
