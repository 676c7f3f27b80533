package io.tripswitch.actuator.fault;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.tripswitch.actuator.domain.Outcome;
import io.tripswitch.actuator.domain.TargetGuard;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * A target's guard on SmallRye Fault Tolerance's programmatic API (one {@link TypedGuard} per target, built
 * at startup from the config): retry (exponential backoff, jitter, bounded) around a circuit breaker
 * around a timeout. A FAILED outcome is turned into an exception so both retry and breaker count it; an
 * open breaker ends the run at once (the next decision or resync tries again).
 */
public final class SmallRyeTargetGuard implements TargetGuard {

    /** Carries a FAILED outcome through the guard. */
    private static final class FailedAttempt extends RuntimeException {
        private final transient Outcome outcome;

        FailedAttempt(Outcome outcome) {
            super(outcome.detail(), null, false, false);
            this.outcome = outcome;
        }
    }

    private final String target;
    private final FaultPolicy policy;
    private final TypedGuard<Outcome> guard;

    public SmallRyeTargetGuard(String target, FaultPolicy policy) {
        this.target = target;
        this.policy = policy;
        this.guard = TypedGuard.create(Outcome.class)
                .withDescription("actuation of " + target)
                .withRetry()
                    .maxRetries(policy.maxAttempts() - 1)
                    .delay(policy.initialBackoff().toMillis(), ChronoUnit.MILLIS)
                    .jitter(policy.jitter().toMillis(), ChronoUnit.MILLIS)
                    // never the binding limit: the attempt count is
                    .maxDuration(policy.maxAttempts() * (policy.attemptTimeout().toMillis() + policy.maxBackoff().toMillis()
                            + policy.jitter().toMillis()) + 1000, ChronoUnit.MILLIS)
                    .retryOn(List.of(FailedAttempt.class, TimeoutException.class))
                    .abortOn(List.of(AttemptSuperseded.class, CircuitBreakerOpenException.class))
                    .withExponentialBackoff()
                        .factor(2)
                        .maxDelay(policy.maxBackoff().toMillis(), ChronoUnit.MILLIS)
                        .done()
                    .done()
                .withCircuitBreaker()
                    .requestVolumeThreshold(policy.breakerWindow())
                    .failureRatio(policy.breakerFailureRatio())
                    .delay(policy.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(1)
                    .failOn(List.of(FailedAttempt.class, TimeoutException.class))
                    .skipOn(AttemptSuperseded.class)
                    .done()
                .withTimeout()
                    .duration(policy.attemptTimeout().toMillis(), ChronoUnit.MILLIS)
                    .done()
                .build();
    }

    @Override
    public Outcome call(Attempt attempt) {
        AtomicInteger number = new AtomicInteger();
        try {
            return guard.get(() -> {
                Outcome outcome = attempt.run(number.incrementAndGet());
                if (outcome.failed()) {
                    throw new FailedAttempt(outcome);
                }
                return outcome;
            });
        } catch (FailedAttempt e) {
            return e.outcome;
        } catch (CircuitBreakerOpenException e) {
            return Outcome.failed("circuit breaker of " + target + " is open after repeated failures; not attempted (next try in at most "
                    + policy.breakerDelay().toMillis() + " ms)");
        } catch (TimeoutException e) {
            return Outcome.failed("attempt took longer than " + policy.attemptTimeout().toMillis() + " ms");
        }
    }
}
