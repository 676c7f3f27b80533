package io.tripswitch.actuator.fault;

import java.time.Duration;

/**
 * The fault handling of one target's application, from {@code tripswitch.actuator.faults}: per-attempt
 * timeout, bounded attempts with exponential backoff and jitter, and a circuit breaker judged on the
 * last {@code breakerWindow} attempts.
 */
public record FaultPolicy(Duration attemptTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration jitter,
        int breakerWindow, double breakerFailureRatio, Duration breakerDelay) {

    /** Room left for a target's own round trips on top of what it may legitimately wait for. */
    static final Duration ROUND_TRIP_ALLOWANCE = Duration.ofSeconds(5);

    /**
     * This policy with an attempt timeout long enough for a target whose attempts may wait {@code slowestAttempt}
     * (plus {@link #ROUND_TRIP_ALLOWANCE}); unchanged when the configured timeout already covers it.
     */
    public FaultPolicy covering(Duration slowestAttempt) {
        Duration needed = slowestAttempt.plus(ROUND_TRIP_ALLOWANCE);
        if (slowestAttempt.isZero() || attemptTimeout.compareTo(needed) >= 0) {
            return this;
        }
        return new FaultPolicy(needed, maxAttempts, initialBackoff, maxBackoff, jitter, breakerWindow, breakerFailureRatio, breakerDelay);
    }

    public static final FaultPolicy DEFAULT = new FaultPolicy(Duration.ofSeconds(5), 3, Duration.ofMillis(100), Duration.ofSeconds(2),
            Duration.ofMillis(50), 6, 0.5, Duration.ofSeconds(10));
}
