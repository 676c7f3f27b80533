package io.tripswitch.decision.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> REGIONS = List.of("gra", "rbx", "sbg");

    private final MutableClock clock = new MutableClock(T0.plusSeconds(60));
    private final GroupPolicy policy = new GroupPolicy(clock);
    private final GroupStatus initial = GroupStatus.initial("app", REGIONS, T0);

    private static RegionAssessment health(String region, RegionAssessment.Status status) {
        int down = status == RegionAssessment.Status.DOWN ? 2 : 0;
        return new RegionAssessment(region, status, 2, 2, down, 2, down > 0 ? 0 : 2, T0, T0, List.of());
    }

    private static Map<String, RegionAssessment> health(RegionAssessment.Status gra, RegionAssessment.Status rbx, RegionAssessment.Status sbg) {
        return Map.of("gra", health("gra", gra), "rbx", health("rbx", rbx), "sbg", health("sbg", sbg));
    }

    @Test
    void shouldStartOnThePreferredRegionAtEpochZero() {
        assertThat(initial.activeRegion()).isEqualTo("gra");
        assertThat(initial.epoch()).isZero();
        assertThat(initial.frozen()).isFalse();
    }

    @Test
    void shouldFailOverToTheFirstUpRegionInPriorityOrderWhenTheActiveRegionIsDown() {
        // given gra (active) DOWN, rbx UP, sbg UP
        PolicyOutcome outcome = policy.evaluate(initial, REGIONS,
                health(RegionAssessment.Status.DOWN, RegionAssessment.Status.UP, RegionAssessment.Status.UP));
        // then rbx becomes active at epoch 1
        assertThat(outcome.decision()).hasValueSatisfying(decision -> {
            assertThat(decision.action()).isEqualTo(Decision.Action.FAILOVER);
            assertThat(decision.epoch()).isEqualTo(1);
            assertThat(decision.activeRegion()).isEqualTo("rbx");
            assertThat(decision.previousRegion()).isEqualTo("gra");
            assertThat(decision.standbyRegions()).containsExactly("gra", "sbg");
            assertThat(decision.evidence()).extracting(RegionAssessment::region).containsExactly("gra", "rbx", "sbg");
            assertThat(decision.decidedAt()).isEqualTo(clock.instant());
            assertThat(decision.reason()).contains("gra DOWN");
        });
        assertThat(outcome.state().activeRegion()).isEqualTo("rbx");
        assertThat(outcome.state().epoch()).isEqualTo(1);
        assertThat(outcome.state().lastDecisionId()).isEqualTo(outcome.decision().map(Decision::decisionId));
    }

    @Test
    void shouldSkipARegionThatIsNotUp() {
        PolicyOutcome outcome = policy.evaluate(initial, REGIONS,
                health(RegionAssessment.Status.DOWN, RegionAssessment.Status.SUSPECT, RegionAssessment.Status.UP));
        assertThat(outcome.decision()).map(Decision::activeRegion).hasValue("sbg");
    }

    @Test
    void shouldStayPutWhenNoOtherRegionIsUp() {
        // fail static: never route traffic to nowhere
        PolicyOutcome outcome = policy.evaluate(initial, REGIONS,
                health(RegionAssessment.Status.DOWN, RegionAssessment.Status.DOWN, RegionAssessment.Status.UNKNOWN));
        assertThat(outcome.decision()).isEmpty();
        assertThat(outcome.state()).isEqualTo(initial);
    }

    @Test
    void shouldNotFailOverWhenTheActiveRegionIsOnlySuspectOrUnknown() {
        for (RegionAssessment.Status notDown : List.of(RegionAssessment.Status.SUSPECT, RegionAssessment.Status.UNKNOWN, RegionAssessment.Status.UP)) {
            PolicyOutcome outcome = policy.evaluate(initial, REGIONS, health(notDown, RegionAssessment.Status.UP, RegionAssessment.Status.UP));
            assertThat(outcome.decision()).as("active region %s", notDown).isEmpty();
        }
    }

    @Test
    void shouldNotFailOverWhenNothingIsKnownAboutTheActiveRegion() {
        PolicyOutcome outcome = policy.evaluate(initial, REGIONS, Map.of("rbx", health("rbx", RegionAssessment.Status.UP)));
        assertThat(outcome.decision()).isEmpty();
    }

    @Test
    void shouldNotFailOverWhileFrozen() {
        GroupStatus frozen = new GroupStatus("app", "gra", 0, true, Optional.empty(), Optional.empty(), T0);
        PolicyOutcome outcome = policy.evaluate(frozen, REGIONS,
                health(RegionAssessment.Status.DOWN, RegionAssessment.Status.UP, RegionAssessment.Status.UP));
        assertThat(outcome.decision()).isEmpty();
    }

    @Test
    void shouldNotFailBackWhenThePreferredRegionRecovers() {
        // given the group failed over to rbx
        GroupStatus onRbx = policy.evaluate(initial, REGIONS,
                health(RegionAssessment.Status.DOWN, RegionAssessment.Status.UP, RegionAssessment.Status.UP)).state();
        // when gra is UP again
        PolicyOutcome outcome = policy.evaluate(onRbx, REGIONS,
                health(RegionAssessment.Status.UP, RegionAssessment.Status.UP, RegionAssessment.Status.UP));
        // then nothing changes (failback is manual by default)
        assertThat(outcome.decision()).isEmpty();
        assertThat(outcome.state().activeRegion()).isEqualTo("rbx");
    }

    @Test
    void shouldIncreaseTheEpochWithEachDecision() {
        GroupStatus onRbx = policy.evaluate(initial, REGIONS,
                health(RegionAssessment.Status.DOWN, RegionAssessment.Status.UP, RegionAssessment.Status.UP)).state();
        PolicyOutcome second = policy.evaluate(onRbx, REGIONS,
                health(RegionAssessment.Status.UP, RegionAssessment.Status.DOWN, RegionAssessment.Status.UP));
        assertThat(second.decision()).map(Decision::epoch).hasValue(2L);
        assertThat(second.decision()).map(Decision::activeRegion).hasValue("gra");
    }
}
