package io.tripswitch.actuator.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultPolicyTest {

    @Test
    void shouldStretchTheAttemptTimeoutToCoverATargetThatWaitsForItsProvider() {
        // given the default 5 s per attempt and a Route 53 target waiting up to 60 s for INSYNC
        FaultPolicy policy = FaultPolicy.DEFAULT;

        // when
        FaultPolicy covering = policy.covering(Duration.ofSeconds(60));

        // then 60 s of waiting plus room for the round trips; nothing else changes
        assertThat(covering.attemptTimeout()).isEqualTo(Duration.ofSeconds(65));
        assertThat(covering.maxAttempts()).isEqualTo(policy.maxAttempts());
        assertThat(covering.breakerDelay()).isEqualTo(policy.breakerDelay());
    }

    @Test
    void shouldKeepTheConfiguredTimeoutWhenItAlreadyCoversTheWaitOrThereIsNone() {
        FaultPolicy generous = new FaultPolicy(Duration.ofSeconds(120), 3, Duration.ofMillis(100), Duration.ofSeconds(2),
                Duration.ofMillis(50), 6, 0.5, Duration.ofSeconds(10));

        assertThat(generous.covering(Duration.ofSeconds(60))).isSameAs(generous);
        assertThat(FaultPolicy.DEFAULT.covering(Duration.ZERO)).isSameAs(FaultPolicy.DEFAULT);
    }
}
