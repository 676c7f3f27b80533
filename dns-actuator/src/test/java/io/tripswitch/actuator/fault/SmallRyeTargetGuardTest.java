package io.tripswitch.actuator.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tripswitch.actuator.domain.Outcome;
import io.tripswitch.actuator.domain.TargetGuard;
import io.tripswitch.actuator.support.ActuatorLabResource;
import io.tripswitch.testkit.KafkaBrokerResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guard on SmallRye Fault Tolerance's runtime (inside the Quarkus app, as in production): bounded retries,
 * the breaker, the timeout, and a superseded attempt ending the run.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ActuatorLabResource.class)
class SmallRyeTargetGuardTest {

    private static final FaultPolicy QUICK = new FaultPolicy(Duration.ofSeconds(5), 3, Duration.ofMillis(10), Duration.ofMillis(40),
            Duration.ofMillis(5), 6, 0.5, Duration.ofSeconds(30));

    private final List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());

    private TargetGuard.Attempt failingTimes(int failures) {
        return number -> {
            attempts.add(number);
            return number <= failures ? Outcome.failed("refused") : Outcome.applied("done");
        };
    }

    @Test
    void shouldRetryAFailedAttemptUntilOneSucceeds() {
        Outcome outcome = new SmallRyeTargetGuard("t1", QUICK).call(failingTimes(2));

        assertThat(outcome.result()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(attempts).containsExactly(1, 2, 3);
    }

    @Test
    void shouldGiveUpAfterTheLastAttemptWithItsOutcome() {
        Outcome outcome = new SmallRyeTargetGuard("t2", QUICK).call(failingTimes(10));

        assertThat(outcome).isEqualTo(Outcome.failed("refused"));
        assertThat(attempts).containsExactly(1, 2, 3);
    }

    @Test
    void shouldOpenTheBreakerAfterRepeatedFailuresAndRefuseWithoutAnAttempt() {
        SmallRyeTargetGuard guard = new SmallRyeTargetGuard("t3", QUICK);
        guard.call(failingTimes(10));
        guard.call(failingTimes(10));
        attempts.clear();

        Outcome refused = guard.call(failingTimes(0));

        assertThat(refused.failed()).isTrue();
        assertThat(refused.detail()).contains("circuit breaker").contains("open");
        assertThat(attempts).isEmpty();
    }

    @Test
    void shouldKeepOneTargetsBreakerAwayFromAnother() {
        SmallRyeTargetGuard broken = new SmallRyeTargetGuard("t4", QUICK);
        broken.call(failingTimes(10));
        broken.call(failingTimes(10));

        assertThat(new SmallRyeTargetGuard("t5", QUICK).call(failingTimes(0)).result()).isEqualTo(Outcome.Result.APPLIED);
    }

    @Test
    void shouldFailAnAttemptThatOutlivesItsTimeout() {
        FaultPolicy slow = new FaultPolicy(Duration.ofMillis(200), 1, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ZERO, 6, 0.5,
                Duration.ofSeconds(30));

        Outcome outcome = new SmallRyeTargetGuard("t6", slow).call(number -> {
            try {
                Thread.sleep(10_000);
                return Outcome.applied("late");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.failed("interrupted");
            }
        });

        assertThat(outcome.failed()).isTrue();
    }

    @Test
    void shouldEndTheRunAtOnceWhenAnAttemptIsSuperseded() {
        Throwable thrown = catchThrowable(() -> new SmallRyeTargetGuard("t7", QUICK).call(number -> {
            attempts.add(number);
            throw new TargetGuard.AttemptSuperseded("newer decision");
        }));

        assertThat(thrown).isInstanceOf(TargetGuard.AttemptSuperseded.class);
        assertThat(attempts).containsExactly(1);
    }
}
