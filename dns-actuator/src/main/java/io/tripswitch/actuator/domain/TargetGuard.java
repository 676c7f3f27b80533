package io.tripswitch.actuator.domain;

/**
 * Runs the attempts of one application on one target under that target's fault policy (timeout,
 * bounded retries with backoff and jitter, circuit breaker). Implemented with SmallRye Fault Tolerance
 * outside the domain; one guard per target so one target's breaker never blocks another.
 */
public interface TargetGuard {

    /** One attempt, numbered from 1; reports itself and returns its outcome. */
    @FunctionalInterface
    interface Attempt {
        Outcome run(int number);
    }

    /**
     * Runs attempt 1, 2, … until one does not fail or the policy gives up, and returns the last attempt's
     * outcome, or a FAILED outcome of its own when it ran no attempt (open breaker) or the last one timed out.
     * An {@link AttemptSuperseded} thrown by an attempt ends the run at once and propagates.
     */
    Outcome call(Attempt attempt);

    /** Thrown by an attempt whose work a newer decision has made pointless. */
    final class AttemptSuperseded extends RuntimeException {
        public AttemptSuperseded(String message) {
            super(message, null, false, false);
        }
    }
}
