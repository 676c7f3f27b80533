package io.tripswitch.actuator.domain;

import java.time.Duration;

/**
 * Bounded retries of a failed target with exponential backoff. Deliberately simple for the walking
 * skeleton: issue 5 replaces it with SmallRye Fault Tolerance (jitter, circuit breaker).
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(100));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Pause before attempt {@code nextAttempt} (2, 3, …): initialBackoff × 2^(nextAttempt − 2). */
    public Duration backoffBefore(int nextAttempt) {
        return initialBackoff.multipliedBy(1L << Math.max(0, Math.min(nextAttempt - 2, 20)));
    }
}
