package io.tripswitch.actuator.domain;

import java.time.Instant;

/** The record of one attempt on one target for one decision; published as an Actuation event. */
public record AttemptReport(Decision decision, String target, Outcome outcome, int attempt, long durationMs, Instant at) {
}
