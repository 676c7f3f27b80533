package io.tripswitch.probe.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.probe.schedule.CheckLoopStatus;
import io.tripswitch.probe.schedule.TickWindow;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthRulesTest {

    private static final long NOW = 1_000_000L;
    private static final long NEVER = Long.MIN_VALUE;

    @Test
    void shouldBeAliveAndReadyWhenChecksCompleteOnTime() {
        CheckLoopStatus status = loop(0, new TickWindow.Counts(600, 5));

        assertThat(HealthRules.checkLoopAlive(status).up()).isTrue();
        assertThat(HealthRules.checkLoopReady(status).up()).isTrue();
    }

    @Test
    void shouldNotBeAliveWhenATargetHasNoCompletedCheckFor2IntervalsAndItsTimeout() {
        CheckLoopStatus status = new CheckLoopStatus(3, List.of("gra/app1"), 1, new TickWindow.Counts(600, 0), 0, 0);

        HealthRules.Verdict verdict = HealthRules.checkLoopAlive(status);

        assertThat(verdict.up()).isFalse();
        assertThat(verdict.reason()).contains("1 of 3 targets").contains("gra/app1");
        assertThat(HealthRules.checkLoopReady(status).up()).isFalse();
    }

    @Test
    void shouldNotBeReadyWhenMoreThanATenthOfTheLastMinutesTicksStartedLate() {
        CheckLoopStatus status = loop(0, new TickWindow.Counts(600, 61));

        HealthRules.Verdict verdict = HealthRules.checkLoopReady(status);

        assertThat(verdict.up()).isFalse();
        assertThat(verdict.reason()).contains("61 of 600 checks");
        assertThat(HealthRules.checkLoopAlive(status).up()).isTrue();
    }

    @Test
    void shouldNotJudgeLatenessOnAHandfulOfTicks() {
        assertThat(HealthRules.checkLoopReady(loop(0, new TickWindow.Counts(10, 5))).up()).isTrue();
    }

    @Test
    void shouldNotBeReadyWhileTheBoundOfPendingResultsIsReached() {
        HealthRules.Verdict verdict = HealthRules.results(100, 100, NEVER, NEVER, NOW);

        assertThat(verdict.up()).isFalse();
        assertThat(verdict.reason()).contains("tripswitch.probe.max-pending-results");
    }

    @Test
    void shouldStayNotReadyForAMinuteAfterTheLastDropOrFailedDelivery() {
        assertThat(HealthRules.results(0, 100, NOW - 59_999, NEVER, NOW).up()).isFalse();
        assertThat(HealthRules.results(0, 100, NOW - 60_000, NEVER, NOW).up()).isTrue();
        assertThat(HealthRules.results(0, 100, NEVER, NOW - 1_000, NOW).reason()).contains("Kafka refused results");
        assertThat(HealthRules.results(99, 100, NEVER, NEVER, NOW).up()).isTrue();
    }

    private static CheckLoopStatus loop(int overdue, TickWindow.Counts recent) {
        return new CheckLoopStatus(3, List.of(), overdue, recent, 0, 0);
    }
}
