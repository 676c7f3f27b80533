package io.tripswitch.decision.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EndpointHealthTest {

    private static final HealthRules RULES = HealthRules.defaults(); // rise 2, fall 3
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private long seq;

    private Check check(boolean up) {
        seq++;
        return new Check("probe-rbx", seq, up, T0.plusSeconds(seq));
    }

    private EndpointHealth apply(EndpointHealth health, boolean... outcomes) {
        for (boolean up : outcomes) {
            health = health.apply(check(up), RULES);
        }
        return health;
    }

    @Test
    void shouldConsiderAnEndpointNeverSeenUp() {
        assertThat(EndpointHealth.beforeFirstCheck().up()).isTrue();
    }

    @Test
    void shouldStayUpAfterFewerThanFallConsecutiveFailures() {
        // given a new endpoint / when it fails twice (fall is 3)
        EndpointHealth health = apply(EndpointHealth.beforeFirstCheck(), false, false);
        // then
        assertThat(health.up()).isTrue();
        assertThat(health.badStreak()).isEqualTo(2);
    }

    @Test
    void shouldTurnDownAfterFallConsecutiveFailures() {
        EndpointHealth health = apply(EndpointHealth.beforeFirstCheck(), true, false, false, false);
        assertThat(health.up()).isFalse();
    }

    @Test
    void shouldNotTurnDownWhenAGoodCheckBreaksTheStreakOfFailures() {
        EndpointHealth health = apply(EndpointHealth.beforeFirstCheck(), false, false, true, false, false);
        assertThat(health.up()).isTrue();
        assertThat(health.badStreak()).isEqualTo(2);
    }

    @Test
    void shouldTurnUpAgainOnlyAfterRiseConsecutiveGoodChecks() {
        // given a DOWN endpoint
        EndpointHealth down = apply(EndpointHealth.beforeFirstCheck(), false, false, false);
        // when one good check arrives / then it is still DOWN
        EndpointHealth once = apply(down, true);
        assertThat(once.up()).isFalse();
        // when a second one arrives / then it is UP
        assertThat(apply(once, true).up()).isTrue();
    }

    @Test
    void shouldIgnoreACheckAlreadyApplied() {
        // given an endpoint with one failure applied
        Check failure = check(false);
        EndpointHealth once = EndpointHealth.beforeFirstCheck().apply(failure, RULES);
        // when the same failure is applied again (windows are re-emitted on every update)
        EndpointHealth again = once.apply(failure, RULES).apply(failure, RULES);
        // then it counted once
        assertThat(again).isEqualTo(once);
        assertThat(again.badStreak()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreACheckOlderThanTheLastApplied() {
        Check older = check(false);
        Check newer = check(true);
        EndpointHealth health = EndpointHealth.beforeFirstCheck().apply(newer, RULES);
        assertThat(health.isNew(older)).isFalse();
        assertThat(health.apply(older, RULES)).isEqualTo(health);
    }
}
