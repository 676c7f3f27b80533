package io.tripswitch.decision.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds of a traffic group's policy (DESIGN.md, "Failover policy" 4–7).
 *
 * @param holdDown after a decision, no automatic decision sends traffic back to the region just left for this long
 * @param failback whether a group returns to its preferred region by itself or waits for an operator
 * @param failbackAfter how long the preferred region must have been UP and ready before failback
 * @param maxReplicationLag a replica further behind than this is not ready
 * @param lagStaleAfter a lag measurement older than this does not count (not ready)
 * @param maxFlips more automatic decisions than this within {@code flapWindow} freeze the group
 * @param flapWindow the window automatic decisions are counted in
 */
public record PolicyRules(Duration holdDown, Failback failback, Duration failbackAfter, Duration maxReplicationLag,
        Duration lagStaleAfter, int maxFlips, Duration flapWindow) {

    /** How a group returns to its preferred region. */
    public enum Failback { MANUAL, AUTO }

    public PolicyRules {
        Objects.requireNonNull(holdDown, "holdDown");
        Objects.requireNonNull(failback, "failback");
        Objects.requireNonNull(failbackAfter, "failbackAfter");
        Objects.requireNonNull(maxReplicationLag, "maxReplicationLag");
        Objects.requireNonNull(lagStaleAfter, "lagStaleAfter");
        Objects.requireNonNull(flapWindow, "flapWindow");
        if (maxFlips < 1) {
            throw new IllegalArgumentException("maxFlips must be at least 1");
        }
    }

    /** The design's defaults: hold-down 5 min, manual failback after 10 min, lag ≤ 5 s measured within 30 s, 3 flips per hour. */
    public static PolicyRules defaults() {
        return new PolicyRules(Duration.ofMinutes(5), Failback.MANUAL, Duration.ofMinutes(10), Duration.ofSeconds(5),
                Duration.ofSeconds(30), 3, Duration.ofHours(1));
    }

    public PolicyRules withFailback(Failback mode, Duration after) {
        return new PolicyRules(holdDown, mode, after, maxReplicationLag, lagStaleAfter, maxFlips, flapWindow);
    }

    public PolicyRules withHoldDown(Duration duration) {
        return new PolicyRules(duration, failback, failbackAfter, maxReplicationLag, lagStaleAfter, maxFlips, flapWindow);
    }

    public PolicyRules withFlapBreaker(int flips, Duration window) {
        return new PolicyRules(holdDown, failback, failbackAfter, maxReplicationLag, lagStaleAfter, flips, window);
    }
}
