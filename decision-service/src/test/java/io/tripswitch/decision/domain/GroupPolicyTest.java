package io.tripswitch.decision.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The group policy (DESIGN.md, "Failover policy" 5–8), rule by rule. */
class GroupPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> REGIONS = List.of("gra", "rbx", "sbg");
    private static final RegionAssessment.Status UP = RegionAssessment.Status.UP;
    private static final RegionAssessment.Status DOWN = RegionAssessment.Status.DOWN;
    private static final RegionAssessment.Status SUSPECT = RegionAssessment.Status.SUSPECT;
    private static final RegionAssessment.Status UNKNOWN = RegionAssessment.Status.UNKNOWN;

    private final MutableClock clock = new MutableClock(T0.plusSeconds(60));
    private PolicyRules rules = PolicyRules.defaults();
    private final GroupStatus initial = GroupStatus.initial("app", REGIONS, T0);

    private GroupPolicy policy() {
        return new GroupPolicy(rules, clock);
    }

    private static RegionAssessment health(String region, RegionAssessment.Status status) {
        int down = status == DOWN ? 2 : 0;
        return new RegionAssessment(region, status, 2, 2, down, 2, down > 0 ? 0 : 2, T0, T0, List.of());
    }

    private static GroupFacts facts(RegionAssessment.Status gra, RegionAssessment.Status rbx, RegionAssessment.Status sbg) {
        return new GroupFacts(REGIONS, List.of(), Map.of("gra", health("gra", gra), "rbx", health("rbx", rbx), "sbg", health("sbg", sbg)), Map.of());
    }

    /** The same regions, with a store replicated to rbx and sbg (primary in gra) whose lag is as given. */
    private GroupFacts factsWithLag(RegionAssessment.Status gra, RegionAssessment.Status rbx, RegionAssessment.Status sbg, long rbxLagMs,
            long sbgLagMs) {
        StoreSpec users = new StoreSpec("users", List.of("rbx", "sbg"), Optional.of("gra"));
        Map<String, ReplicaLag> lags = new HashMap<>();
        lags.put(ReplicaLag.key("users", "rbx"), ReplicaLag.reading("users", "rbx", "gra", OptionalLong.of(rbxLagMs), true, clock.instant()));
        lags.put(ReplicaLag.key("users", "sbg"), ReplicaLag.reading("users", "sbg", "gra", OptionalLong.of(sbgLagMs), true, clock.instant()));
        return new GroupFacts(REGIONS, List.of(users), facts(gra, rbx, sbg).health(), lags);
    }

    private static List<AlertType> types(List<AlertCondition> conditions) {
        return conditions.stream().map(AlertCondition::type).toList();
    }

    private static OperatorRequest command(OperatorRequest.Type type, String target) {
        return new OperatorRequest("cmd-1", type, Optional.ofNullable(target), "alice", "maintenance", T0);
    }

    // --- 5. failover

    @Test
    void shouldFailOverToTheFirstReadyRegionInPriorityOrderWhenTheActiveRegionIsDown() {
        // given gra (active) DOWN, rbx UP, sbg UP
        PolicyOutcome outcome = policy().evaluate(initial, facts(DOWN, UP, UP));
        // then rbx becomes active at epoch 1, and a FAILOVER alert says so
        assertThat(outcome.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.action()).isEqualTo(Decision.Action.FAILOVER);
            assertThat(decision.epoch()).isEqualTo(1);
            assertThat(decision.activeRegion()).isEqualTo("rbx");
            assertThat(decision.previousRegion()).isEqualTo("gra");
            assertThat(decision.standbyRegions()).containsExactly("gra", "sbg");
            assertThat(decision.evidence()).extracting(RegionAssessment::region).containsExactly("gra", "rbx", "sbg");
            assertThat(decision.decidedAt()).isEqualTo(clock.instant());
            assertThat(decision.reason()).contains("gra DOWN");
            assertThat(decision.operator()).isEmpty();
        });
        assertThat(outcome.state().activeRegion()).isEqualTo("rbx");
        assertThat(outcome.state().epoch()).isEqualTo(1);
        assertThat(outcome.state().lastDecisionId()).contains(outcome.decisions().get(0).decisionId());
        assertThat(types(outcome.events())).containsExactly(AlertType.FAILOVER);
        assertThat(outcome.holding()).isEmpty();
    }

    @Test
    void shouldPassOverARegionThatIsNotUp() {
        PolicyOutcome outcome = policy().evaluate(initial, facts(DOWN, SUSPECT, UP));
        assertThat(outcome.decisions()).singleElement().extracting(Decision::activeRegion).isEqualTo("sbg");
    }

    @Test
    void shouldPassOverARegionWhoseReplicaIsTooFarBehind() {
        // given rbx 9 s behind, sbg 1 s behind
        PolicyOutcome outcome = policy().evaluate(initial, factsWithLag(DOWN, UP, UP, 9_000, 1_000));
        // then sbg is chosen, and the decision carries its lag
        assertThat(outcome.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.activeRegion()).isEqualTo("sbg");
            assertThat(decision.replicationLagMs()).hasValue(1_000L);
            assertThat(decision.reason()).contains("passed over: rbx: users is 9000 ms behind");
        });
    }

    @Test
    void shouldBlockTheFailoverWithAReasonPerRegionWhenNoRegionIsReady() {
        // given gra DOWN, rbx lagging, sbg SUSPECT
        PolicyOutcome outcome = policy().evaluate(initial, factsWithLag(DOWN, UP, SUSPECT, 9_000, 0));
        // then no decision, and FAILOVER_BLOCKED (critical) says why for each region
        assertThat(outcome.decisions()).isEmpty();
        assertThat(outcome.state()).isEqualTo(initial);
        assertThat(outcome.holding()).singleElement().satisfies(blocked -> {
            assertThat(blocked.type()).isEqualTo(AlertType.FAILOVER_BLOCKED);
            assertThat(blocked.severity()).isEqualTo(AlertType.Severity.CRITICAL);
            assertThat(blocked.summary()).contains("rbx: users is 9000 ms behind (max 5000 ms)").contains("sbg SUSPECT");
            // the labels name the reasons without the figures, so a moving lag does not re-fire the alert
            assertThat(blocked.labels()).containsEntry("blockedBy", "no-region-qualifies").containsEntry("reason.rbx", "lag-too-far")
                    .containsEntry("reason.sbg", "SUSPECT");
        });
    }

    @Test
    void shouldFailOverAsSoonAsABlockedCandidateCatchesUp() {
        // given a blocked failover (rbx lagging)
        GroupStatus blocked = policy().evaluate(initial, factsWithLag(DOWN, UP, DOWN, 9_000, 0)).state();
        // when rbx's replica catches up
        clock.advance(Duration.ofSeconds(1));
        PolicyOutcome outcome = policy().evaluate(blocked, factsWithLag(DOWN, UP, DOWN, 200, 0));
        // then the failover happens and the block no longer holds
        assertThat(outcome.decisions()).singleElement().extracting(Decision::activeRegion).isEqualTo("rbx");
        assertThat(outcome.holding()).isEmpty();
    }

    /**
     * The store replicated to rbx and sbg (primary in gra); rbx's replica was healthy ({@code lagMs}) 3 s before
     * replication broke at {@code brokenAt}, and still reported broken 1 s ago; sbg's never healthy.
     */
    private GroupFacts factsWithBrokenReplication(long lagMs, Instant brokenAt) {
        StoreSpec users = new StoreSpec("users", List.of("rbx", "sbg"), Optional.of("gra"));
        ReplicaLag rbx = ReplicaLag.reading("users", "rbx", "gra", OptionalLong.empty(), false, clock.instant().minusSeconds(1))
                .following(ReplicaLag.reading("users", "rbx", "gra", OptionalLong.empty(), false, brokenAt)
                        .following(ReplicaLag.reading("users", "rbx", "gra", OptionalLong.of(lagMs), true, brokenAt.minusSeconds(3))));
        ReplicaLag sbg = ReplicaLag.reading("users", "sbg", "gra", OptionalLong.empty(), false, clock.instant().minusSeconds(1));
        return new GroupFacts(REGIONS, List.of(users), facts(DOWN, UP, UP).health(), Map.of(rbx.key(), rbx, sbg.key(), sbg));
    }

    @Test
    void shouldFailOverToAReplicaWhoseSourceWasLostOnItsLastHealthyReadingAndSaySo() {
        // given gra (active, the store's primary) DOWN since T0, and rbx's replication lost at T0 + 2 s, 120 ms behind just before
        PolicyOutcome outcome = policy().evaluate(initial, factsWithBrokenReplication(120, T0.plusSeconds(2)));
        // then the failover goes to rbx, the decision naming the lost replication and carrying the last measured lag
        assertThat(outcome.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.activeRegion()).isEqualTo("rbx");
            assertThat(decision.replicationLagMs()).hasValue(120L);
            assertThat(decision.reason()).contains("rbx is the first ready region in priority order (rbx UP, replicas at most 120 ms behind; "
                    + "replication of users from gra lost at 2026-01-01T00:00:02Z (gra DOWN); last measured lag 120 ms at 2025-12-31T23:59:59Z)");
        });
        assertThat(outcome.holding()).isEmpty();
    }

    @Test
    void shouldKeepTheFailoverBlockedWhenReplicationBrokeWhileTheSourceWasStillUp() {
        // given replication to rbx broken since T0 - 40 s, while gra (DOWN since T0 only) still took writes
        PolicyOutcome outcome = policy().evaluate(initial, factsWithBrokenReplication(120, T0.minusSeconds(40)));
        // then no decision: FAILOVER_BLOCKED says why for each region
        assertThat(outcome.decisions()).isEmpty();
        assertThat(outcome.holding()).singleElement().satisfies(blocked -> {
            assertThat(blocked.type()).isEqualTo(AlertType.FAILOVER_BLOCKED);
            assertThat(blocked.summary()).contains("rbx: replication of users from gra broke at 2025-12-31T23:59:20Z, more than "
                    + "30 s before gra was DOWN (since 2026-01-01T00:00:00Z): gra may have taken writes after the break")
                    .contains("(gra DOWN) with no healthy lag reading before it");
            assertThat(blocked.labels()).containsEntry("reason.rbx", "replication-broken").containsEntry("reason.sbg", "replication-broken");
        });
    }

    @Test
    void shouldChangeNothingAndRaiseAllRegionsDownWhenEveryRegionIsDown() {
        PolicyOutcome outcome = policy().evaluate(initial, facts(DOWN, DOWN, DOWN));
        assertThat(outcome.decisions()).isEmpty();
        assertThat(outcome.state()).isEqualTo(initial);
        assertThat(types(outcome.holding())).containsExactly(AlertType.ALL_REGIONS_DOWN);
    }

    @Test
    void shouldNotFailOverWhenTheActiveRegionIsOnlySuspectOrUnknown() {
        for (RegionAssessment.Status notDown : List.of(SUSPECT, UNKNOWN, UP)) {
            PolicyOutcome outcome = policy().evaluate(initial, facts(notDown, UP, UP));
            assertThat(outcome.decisions()).as("active region %s", notDown).isEmpty();
        }
    }

    @Test
    void shouldNotFailOverWhenNothingIsKnownAboutTheActiveRegion() {
        PolicyOutcome outcome = policy().evaluate(initial, new GroupFacts(REGIONS, List.of(), Map.of("rbx", health("rbx", UP)), Map.of()));
        assertThat(outcome.decisions()).isEmpty();
    }

    @Test
    void shouldIncreaseTheEpochWithEachDecision() {
        GroupStatus onRbx = policy().evaluate(initial, facts(DOWN, UP, UP)).state();
        PolicyOutcome second = policy().evaluate(onRbx, facts(DOWN, DOWN, UP));
        assertThat(second.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.epoch()).isEqualTo(2L);
            assertThat(decision.activeRegion()).isEqualTo("sbg");
        });
    }

    // --- 6. anti-flapping

    @Test
    void shouldNotSendTrafficBackToTheRegionJustLeftDuringHoldDown() {
        // given a failover gra -> rbx
        GroupStatus onRbx = policy().evaluate(initial, facts(DOWN, UP, DOWN)).state();
        assertThat(onRbx.holdDownUntil()).contains(clock.instant().plus(rules.holdDown()));
        // when rbx goes DOWN and gra is UP again within hold-down
        clock.advance(Duration.ofMinutes(1));
        PolicyOutcome outcome = policy().evaluate(onRbx, facts(UP, DOWN, DOWN));
        // then no ping-pong: the failover is blocked by hold-down
        assertThat(outcome.decisions()).isEmpty();
        assertThat(outcome.holding()).singleElement().satisfies(blocked -> {
            assertThat(blocked.type()).isEqualTo(AlertType.FAILOVER_BLOCKED);
            assertThat(blocked.summary()).contains("gra: hold-down until");
            assertThat(blocked.labels()).containsEntry("reason.gra", "hold-down");
        });
        // when hold-down expires
        clock.advance(Duration.ofMinutes(4).plusSeconds(1));
        // then traffic goes back to gra
        assertThat(policy().evaluate(outcome.state(), facts(UP, DOWN, DOWN)).decisions()).singleElement()
                .extracting(Decision::activeRegion).isEqualTo("gra");
    }

    @Test
    void shouldNeverHoldBackAFailoverAwayFromADownRegionToAnotherReadyRegion() {
        // given a failover gra -> rbx
        GroupStatus onRbx = policy().evaluate(initial, facts(DOWN, UP, UP)).state();
        // when rbx goes DOWN a few seconds later, within hold-down
        clock.advance(Duration.ofSeconds(5));
        PolicyOutcome outcome = policy().evaluate(onRbx, facts(DOWN, DOWN, UP));
        // then traffic moves on to sbg at once
        assertThat(outcome.decisions()).singleElement().extracting(Decision::activeRegion).isEqualTo("sbg");
    }

    @Test
    void shouldLiftHoldDownOnceEveryRegionHasBeenDown() {
        // given gra and rbx fail together, and the failover to rbx happened while rbx was still UP (the race)
        GroupStatus onRbx = policy().evaluate(initial, facts(DOWN, UP, DOWN)).state();
        clock.advance(Duration.ofSeconds(3));
        PolicyOutcome allDown = policy().evaluate(onRbx, facts(DOWN, DOWN, DOWN));
        assertThat(types(allDown.holding())).containsExactly(AlertType.ALL_REGIONS_DOWN);
        // when gra recovers first, well within hold-down
        clock.advance(Duration.ofSeconds(30));
        PolicyOutcome outcome = policy().evaluate(allDown.state(), facts(UP, DOWN, DOWN));
        // then traffic goes to gra at once: recovery from a total outage is not ping-pong
        assertThat(outcome.decisions()).singleElement().extracting(Decision::activeRegion).isEqualTo("gra");
    }

    @Test
    void shouldFreezeTheGroupAndRaiseFlapFrozenAfterMoreThanMaxFlipsAutomaticDecisionsInTheWindow() {
        // given hold-down short enough to allow flips, max 3 flips per hour
        rules = rules.withHoldDown(Duration.ofSeconds(10)).withFlapBreaker(3, Duration.ofHours(1));
        GroupStatus state = initial;
        List<GroupFacts> alternating = List.of(facts(DOWN, UP, DOWN), facts(UP, DOWN, DOWN));
        // when four automatic failovers happen within the hour
        for (int flip = 0; flip < 4; flip++) {
            clock.advance(Duration.ofMinutes(1));
            PolicyOutcome outcome = policy().evaluate(state, alternating.get(flip % 2));
            assertThat(outcome.decisions()).as("flip %d", flip + 1).hasSize(1);
            state = outcome.state();
            if (flip < 3) {
                assertThat(state.frozen()).as("frozen after flip %d", flip + 1).isFalse();
            } else {
                // then the fourth trips the breaker: the group is frozen and FLAP_FROZEN (critical) holds
                assertThat(state.frozen()).isTrue();
                assertThat(state.flapFrozen()).isTrue();
                assertThat(types(outcome.holding())).containsExactly(AlertType.FLAP_FROZEN);
            }
        }
        // and no further automatic decision is taken while frozen
        clock.advance(Duration.ofMinutes(1));
        PolicyOutcome frozen = policy().evaluate(state, alternating.get(0));
        assertThat(frozen.decisions()).isEmpty();
        assertThat(types(frozen.holding())).containsExactlyInAnyOrder(AlertType.FLAP_FROZEN, AlertType.FAILOVER_BLOCKED);
    }

    @Test
    void shouldNotCountDecisionsOlderThanTheFlapWindow() {
        rules = rules.withHoldDown(Duration.ofSeconds(10)).withFlapBreaker(3, Duration.ofMinutes(10));
        GroupStatus state = initial;
        List<GroupFacts> alternating = List.of(facts(DOWN, UP, DOWN), facts(UP, DOWN, DOWN));
        for (int flip = 0; flip < 6; flip++) {
            clock.advance(Duration.ofMinutes(4));
            state = policy().evaluate(state, alternating.get(flip % 2)).state();
        }
        assertThat(state.epoch()).isEqualTo(6);
        assertThat(state.frozen()).isFalse();
    }

    // --- 7. failback

    @Test
    void shouldFailBackAutomaticallyOnceThePreferredRegionHasBeenReadyForFailbackAfter() {
        rules = rules.withFailback(PolicyRules.Failback.AUTO, Duration.ofMinutes(10));
        GroupStatus onRbx = policy().evaluate(initial, facts(DOWN, UP, UP)).state();
        // when gra is UP again: the failback timer starts
        clock.advance(Duration.ofMinutes(1));
        PolicyOutcome started = policy().evaluate(onRbx, facts(UP, UP, UP));
        assertThat(started.decisions()).isEmpty();
        assertThat(started.state().preferredReadySince()).contains(clock.instant());
        // when not yet failbackAfter later: nothing
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(policy().evaluate(started.state(), facts(UP, UP, UP)).decisions()).isEmpty();
        // when failbackAfter has passed: FAILBACK to gra
        clock.advance(Duration.ofSeconds(1));
        PolicyOutcome outcome = policy().evaluate(started.state(), facts(UP, UP, UP));
        assertThat(outcome.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.action()).isEqualTo(Decision.Action.FAILBACK);
            assertThat(decision.activeRegion()).isEqualTo("gra");
            assertThat(decision.epoch()).isEqualTo(2);
        });
    }

    @Test
    void shouldRestartTheFailbackTimerWhenThePreferredRegionIsNotReadyInBetween() {
        rules = rules.withFailback(PolicyRules.Failback.AUTO, Duration.ofMinutes(10));
        GroupStatus state = policy().evaluate(initial, facts(DOWN, UP, UP)).state();
        clock.advance(Duration.ofMinutes(1));
        state = policy().evaluate(state, facts(UP, UP, UP)).state();
        clock.advance(Duration.ofMinutes(5));
        state = policy().evaluate(state, facts(SUSPECT, UP, UP)).state();
        assertThat(state.preferredReadySince()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        state = policy().evaluate(state, facts(UP, UP, UP)).state();
        clock.advance(Duration.ofMinutes(6));
        assertThat(policy().evaluate(state, facts(UP, UP, UP)).decisions()).isEmpty();
    }

    @Test
    void shouldRaiseFailbackReadyInsteadOfFailingBackWhenFailbackIsManual() {
        GroupStatus onRbx = policy().evaluate(initial, facts(DOWN, UP, UP)).state();
        clock.advance(Duration.ofMinutes(1));
        GroupStatus timing = policy().evaluate(onRbx, facts(UP, UP, UP)).state();
        clock.advance(rules.failbackAfter());
        PolicyOutcome outcome = policy().evaluate(timing, facts(UP, UP, UP));
        assertThat(outcome.decisions()).isEmpty();
        assertThat(outcome.holding()).singleElement().satisfies(ready -> {
            assertThat(ready.type()).isEqualTo(AlertType.FAILBACK_READY);
            assertThat(ready.region()).contains("gra");
            assertThat(ready.summary()).contains("manual");
        });
    }

    // --- 8. operators

    @Test
    void shouldTakeNoAutomaticDecisionWhileFrozenButSayTheFailoverIsBlocked() {
        GroupStatus frozen = policy().command(initial, command(OperatorRequest.Type.FREEZE, null), facts(UP, UP, UP)).state();
        assertThat(frozen.frozen()).isTrue();
        PolicyOutcome outcome = policy().evaluate(frozen, facts(DOWN, UP, UP));
        assertThat(outcome.decisions()).isEmpty();
        assertThat(outcome.holding()).singleElement().satisfies(blocked -> assertThat(blocked.summary()).contains("frozen"));
    }

    @Test
    void shouldResumeAutomaticDecisionsAndForgetTheFlapHistoryOnUnfreeze() {
        GroupStatus flapFrozen = new GroupStatus("app", "gra", 4, true, Optional.empty(), Optional.empty(), T0, Optional.of("rbx"), true,
                List.of(T0, T0, T0, T0), Optional.empty());
        PolicyOutcome outcome = policy().command(flapFrozen, command(OperatorRequest.Type.UNFREEZE, null), facts(DOWN, UP, UP));
        // then the failover that was waiting happens at once, and FLAP_FROZEN no longer holds
        assertThat(outcome.decisions()).singleElement().extracting(Decision::activeRegion).isEqualTo("rbx");
        assertThat(outcome.state().frozen()).isFalse();
        assertThat(outcome.state().flapFrozen()).isFalse();
        assertThat(outcome.state().automaticDecisions()).hasSize(1);
        assertThat(outcome.holding()).isEmpty();
    }

    @Test
    void shouldForceAFailoverEvenWhenFrozenAndInHoldDown() {
        // given a failover gra -> rbx (hold-down bars gra), then a freeze
        GroupStatus onRbx = policy().evaluate(initial, facts(DOWN, UP, UP)).state();
        GroupStatus frozen = policy().command(onRbx, command(OperatorRequest.Type.FREEZE, null), facts(UP, UP, UP)).state();
        // when an operator forces gra
        PolicyOutcome outcome = policy().command(frozen, command(OperatorRequest.Type.FAILOVER_TO, "gra"), facts(UP, UP, UP));
        // then an OPERATOR decision moves traffic at once, naming the operator; the group stays frozen
        assertThat(outcome.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.action()).isEqualTo(Decision.Action.OPERATOR);
            assertThat(decision.activeRegion()).isEqualTo("gra");
            assertThat(decision.operator()).contains("alice");
            assertThat(decision.epoch()).isEqualTo(2);
        });
        assertThat(outcome.state().frozen()).isTrue();
        assertThat(outcome.events()).singleElement().satisfies(event -> assertThat(event.severity()).isEqualTo(AlertType.Severity.INFO));
    }

    @Test
    void shouldWarnWhenAnOperatorForcesARegionThatIsNotReady() {
        PolicyOutcome outcome = policy().command(initial, command(OperatorRequest.Type.FAILOVER_TO, "rbx"), factsWithLag(UP, UP, UP, 60_000, 0));
        assertThat(outcome.decisions()).singleElement().extracting(Decision::activeRegion).isEqualTo("rbx");
        assertThat(outcome.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AlertType.FAILOVER);
            assertThat(event.severity()).isEqualTo(AlertType.Severity.WARNING);
            assertThat(event.summary()).contains("NOT ready").contains("60000 ms behind");
        });
    }

    @Test
    void shouldRejectACommandForAnUnknownRegionAndChangeNothing() {
        PolicyOutcome outcome = policy().command(initial, command(OperatorRequest.Type.FAILOVER_TO, "waw"), facts(UP, UP, UP));
        assertThat(outcome.decisions()).isEmpty();
        assertThat(outcome.state()).isEqualTo(initial);
        assertThat(outcome.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AlertType.COMMAND_REJECTED);
            assertThat(event.summary()).contains("unknown region 'waw'");
        });
    }

    @Test
    void shouldRejectACommandForAnUnknownGroup() {
        AlertCondition rejection = policy().rejectionOfUnknownGroup("shop", command(OperatorRequest.Type.FREEZE, null));
        assertThat(rejection.type()).isEqualTo(AlertType.COMMAND_REJECTED);
        assertThat(rejection.group()).contains("shop");
        assertThat(rejection.summary()).contains("unknown group 'shop'");
    }

    @Test
    void shouldNotCountOperatorDecisionsTowardsTheFlapBreaker() {
        rules = rules.withFlapBreaker(1, Duration.ofHours(1));
        GroupStatus state = initial;
        for (String target : List.of("rbx", "gra", "sbg", "gra")) {
            clock.advance(Duration.ofSeconds(1));
            state = policy().command(state, command(OperatorRequest.Type.FAILOVER_TO, target), facts(UP, UP, UP)).state();
        }
        assertThat(state.epoch()).isEqualTo(4);
        assertThat(state.frozen()).isFalse();
    }
}
