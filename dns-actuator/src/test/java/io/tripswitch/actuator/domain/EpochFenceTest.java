package io.tripswitch.actuator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EpochFenceTest {

    private final EpochFence fence = new EpochFence();

    @Test
    void shouldAdmitTheFirstAndEveryNewerEpoch() {
        assertThat(fence.judge(Fixtures.decision(3, "gra"))).isEqualTo(EpochFence.Verdict.ADMITTED);
        assertThat(fence.judge(Fixtures.decision(4, "rbx"))).isEqualTo(EpochFence.Verdict.ADMITTED);
        assertThat(fence.desired("app")).hasValueSatisfying(state -> assertThat(state.activeRegion()).isEqualTo("rbx"));
    }

    @Test
    void shouldTellAReplayFromAStaleOrConflictingDecision() {
        fence.judge(Fixtures.decision(4, "rbx"));

        assertThat(fence.judge(Fixtures.decision(4, "rbx"))).isEqualTo(EpochFence.Verdict.REPLAY);
        assertThat(fence.judge(Fixtures.decision(3, "gra"))).isEqualTo(EpochFence.Verdict.STALE);
        assertThat(fence.judge(Fixtures.decision(3, "rbx"))).isEqualTo(EpochFence.Verdict.STALE);
        assertThat(fence.judge(Fixtures.decision(4, "gra"))).isEqualTo(EpochFence.Verdict.CONFLICT);
        assertThat(fence.desired("app")).hasValueSatisfying(state -> assertThat(state.epoch()).isEqualTo(4));
    }

    @Test
    void shouldRefuseAnOlderDecisionAfterARestartSeededFromGroupState() {
        // given a fresh fence (a restart) that read the latest group state
        fence.observe(new DesiredState("app", 9, "rbx", "d-9"));

        // when the decisions topic replays older decisions
        assertThat(fence.judge(Fixtures.decision(8, "gra"))).isEqualTo(EpochFence.Verdict.STALE);
        assertThat(fence.judge(Fixtures.decision(9, "rbx"))).isEqualTo(EpochFence.Verdict.REPLAY);
    }

    @Test
    void shouldIgnoreAnOlderGroupStateThanWhatItHolds() {
        fence.judge(Fixtures.decision(5, "rbx"));

        assertThat(fence.observe(new DesiredState("app", 4, "gra", "d-4"))).isFalse();
        assertThat(fence.observe(new DesiredState("app", 6, "gra", "d-6"))).isTrue();
        assertThat(fence.isCurrent("app", 6)).isTrue();
        assertThat(fence.isCurrent("app", 5)).isFalse();
    }
}
