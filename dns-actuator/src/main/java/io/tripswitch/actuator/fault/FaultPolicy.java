package io.tripswitch.actuator.fault;

import java.time.Duration;

/**
 * The fault handling of one target's application, from {@code tripswitch.actuator.faults}: per-attempt
 * timeout, bounded attempts with exponential backoff and jitter, and a circuit breaker judged on the
 * last {@code breakerWindow} attempts.
 */
public record FaultPolicy(Duration attemptTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration jitter,
        int breakerWindow, double breakerFailureRatio, Duration breakerDelay) {

    public static final FaultPolicy DEFAULT = new FaultPolicy(Duration.ofSeconds(5), 3, Duration.ofMillis(100), Duration.ofSeconds(2),
            Duration.ofMillis(50), 6, 0.5, Duration.ofSeconds(10));
}
