package io.tripswitch.decision.topology;

import static io.tripswitch.decision.topology.Scenario.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.decision.domain.PolicyRules;
import io.tripswitch.events.Alert;
import io.tripswitch.events.AlertStatus;
import io.tripswitch.events.AlertType;
import io.tripswitch.events.DecisionAction;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.GroupState;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.events.RegionState;
import io.tripswitch.events.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Outages through the whole topology: clean outage, lagging replica, replica of a lost source, both regions down. */
class OutageScenariosTest extends ScenarioTestBase {

    @Test
    void shouldFailOverOnceAndSaySoWhenTheActiveRegionGoesCleanlyDown() throws Exception {
        // given gra and rbx healthy
        world = new Scenario(stateDir, Scenario.twoRegions(), PolicyRules.defaults());
        world.seconds(3);
        assertThat(world.groupStates()).singleElement().extracting(GroupState::getActiveRegion).isEqualTo("gra");
        assertThat(world.alerts()).isEmpty();
        // when gra's endpoints fail, as seen by everyone
        world.everyoneSees("gra", ProbeStatus.DOWN).seconds(6);
        // then exactly one decision, to rbx; REGION_DOWN and FAILOVER alerts, and nothing else
        List<FailoverDecision> decisions = world.decisions();
        assertThat(decisions).singleElement().satisfies(decision -> {
            assertThat(decision.getAction()).isEqualTo(DecisionAction.FAILOVER);
            assertThat(decision.getActiveRegion()).isEqualTo("rbx");
            assertThat(decision.getEpoch()).isEqualTo(1L);
        });
        assertThat(world.groupStates()).singleElement().satisfies(state -> {
            assertThat(state.getActiveRegion()).isEqualTo("rbx");
            assertThat(state.getEpoch()).isEqualTo(1L);
            assertThat(state.getHoldDownUntil()).isEqualTo(decisions.get(0).getDecidedAt().plus(PolicyRules.defaults().holdDown()));
        });
        List<Alert> alerts = world.alerts();
        assertThat(summary(alerts)).containsExactly("REGION_DOWN/FIRING/gra", "FAILOVER/FIRING/app");
        assertThat(alerts.get(0).getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(world.deadLetters()).isEmpty();
    }

    @Test
    void shouldBlockTheFailoverWhileTheReplicaLagsAndFailOverOnceItCatchesUp() throws Exception {
        // given the users store's replica in rbx is a minute behind
        world = new Scenario(stateDir, Scenario.twoRegionsWithAReplicatedStore(), PolicyRules.defaults());
        world.lag("users", "rbx", 60_000L, true).seconds(3).drain();
        // when gra goes down
        world.everyoneSees("gra", ProbeStatus.DOWN).seconds(6);
        // then no decision, and FAILOVER_BLOCKED (critical) gives rbx's lag as the reason
        assertThat(world.decisions()).isEmpty();
        List<Alert> blocked = world.alerts();
        assertThat(summary(blocked)).containsExactly("REGION_DOWN/FIRING/gra", "FAILOVER_BLOCKED/FIRING/app");
        assertThat(blocked.get(1).getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(blocked.get(1).getSummary()).contains("rbx: users is 60000 ms behind (max 5000 ms)");
        assertThat(blocked.get(1).getLabels()).containsEntry("reason.rbx", "lag-too-far");
        // and it stays blocked without repeating itself
        world.seconds(5);
        assertThat(world.decisions()).isEmpty();
        assertThat(world.alerts()).isEmpty();
        // when rbx's replica catches up
        world.lag("users", "rbx", 120L, true);
        // then the failover happens at once, carrying the lag, and the block resolves
        assertThat(world.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.getActiveRegion()).isEqualTo("rbx");
            assertThat(decision.getReplicationLagMs()).isEqualTo(120L);
        });
        assertThat(summary(world.alerts())).containsExactly("FAILOVER/FIRING/app", "FAILOVER_BLOCKED/RESOLVED/app");
    }

    @Test
    void shouldBlockTheFailoverWhenTheLagMeasurementGoesStaleWhileNothingArrives() throws Exception {
        // given rbx's replica measured once, in time, then its lag probe falls silent
        world = new Scenario(stateDir, Scenario.twoRegionsWithAReplicatedStore(), PolicyRules.defaults());
        world.lag("users", "rbx", 100L, true).seconds(35).drain();
        // when gra goes down, the measurement being older than lagStaleAfter (30 s)
        world.everyoneSees("gra", ProbeStatus.DOWN).seconds(6);
        // then the failover is blocked for a stale lag
        assertThat(world.decisions()).isEmpty();
        assertThat(Scenario.ofType(world.alerts(), AlertType.FAILOVER_BLOCKED, AlertStatus.FIRING)).singleElement()
                .satisfies(alert -> assertThat(alert.getLabels().get("reason.rbx")).contains("stale"));
    }

    /** For {@code seconds} seconds, rbx's users replica is reported broken each second (healthy=false, no lag: its WAL receiver is gone). */
    private void rbxReplicationReportedBrokenFor(int seconds) {
        for (int i = 0; i < seconds; i++) {
            world.lag("users", "rbx", null, false).seconds(1);
        }
    }

    @Test
    void shouldFailOverToAReplicaWhoseSourceRegionDiedOnItsLastHealthyLagAndNameTheLostReplication() throws Exception {
        // given the users store (primary gra) replicated to rbx 120 ms behind
        world = new Scenario(stateDir, Scenario.twoRegionsWithAReplicatedStore(), PolicyRules.defaults());
        world.lag("users", "rbx", 120L, true).seconds(3).drain();
        // when gra dies: its endpoints fail for everyone, and rbx's replica loses its WAL receiver (healthy=false, no lag)
        world.everyoneSees("gra", ProbeStatus.DOWN);
        rbxReplicationReportedBrokenFor(6);
        // then the group fails over to rbx once gra is DOWN, the decision naming the lost replication and its last measured lag
        assertThat(world.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.getAction()).isEqualTo(DecisionAction.FAILOVER);
            assertThat(decision.getActiveRegion()).isEqualTo("rbx");
            assertThat(decision.getReplicationLagMs()).isEqualTo(120L);
            assertThat(decision.getReason()).contains("rbx is the first ready region in priority order (rbx UP, replicas at most 120 ms behind; "
                    + "replication of users from gra lost at 2026-01-01T00:00:03Z (gra DOWN); last measured lag 120 ms at 2026-01-01T00:00:00Z)");
        });
        assertThat(summary(world.alerts())).containsExactly("REGION_DOWN/FIRING/gra", "FAILOVER/FIRING/app");
        // and rbx stays active while its replication stays broken
        rbxReplicationReportedBrokenFor(5);
        assertThat(world.decisions()).isEmpty();
        assertThat(world.alerts()).isEmpty();
    }

    @Test
    void shouldNotFailOverOnTheLastHealthyLagWhenReplicationBrokeWhileTheSourceRegionWasUp() throws Exception {
        // given the users store (primary gra) replicated to rbx 120 ms behind
        world = new Scenario(stateDir, Scenario.twoRegionsWithAReplicatedStore(), PolicyRules.defaults());
        world.lag("users", "rbx", 120L, true).seconds(3).drain();
        // when replication to rbx breaks while gra is UP (gra goes on taking writes rbx never gets)
        rbxReplicationReportedBrokenFor(40);
        // then nothing is decided
        assertThat(world.decisions()).isEmpty();
        assertThat(world.alerts()).isEmpty();
        // when gra goes down 40 s after the break
        world.everyoneSees("gra", ProbeStatus.DOWN);
        rbxReplicationReportedBrokenFor(6);
        // then no failover: FAILOVER_BLOCKED says the break came while gra was still up
        assertThat(world.decisions()).isEmpty();
        List<Alert> alerts = world.alerts();
        assertThat(summary(alerts)).containsExactly("REGION_DOWN/FIRING/gra", "FAILOVER_BLOCKED/FIRING/app");
        assertThat(alerts.get(1).getSummary()).contains("rbx: replication of users from gra broke at 2026-01-01T00:00:03Z, "
                + "more than 30 s before gra was DOWN").endsWith("gra may have taken writes after the break");
        assertThat(alerts.get(1).getLabels()).containsEntry("reason.rbx", "replication-broken");
        // and it stays blocked while replication stays broken
        rbxReplicationReportedBrokenFor(10);
        assertThat(world.decisions()).isEmpty();
        assertThat(world.alerts()).isEmpty();
    }

    @Test
    void shouldChangeNothingAndRaiseAllRegionsDownWhenBothRegionsAreDown() throws Exception {
        // given rbx, the standby, is down
        world = new Scenario(stateDir, Scenario.twoRegions(), PolicyRules.defaults());
        world.seconds(3).drain();
        world.everyoneSees("rbx", ProbeStatus.DOWN).seconds(5);
        assertThat(summary(world.alerts())).containsExactly("REGION_DOWN/FIRING/rbx");
        // when gra, the active region, goes down too
        world.everyoneSees("gra", ProbeStatus.DOWN).seconds(6);
        // then no decision (fail static), ALL_REGIONS_DOWN fires once, and traffic stays on gra
        assertThat(world.decisions()).isEmpty();
        assertThat(world.groupStates()).isEmpty();
        assertThat(summary(world.alerts())).containsExactly("REGION_DOWN/FIRING/gra", "ALL_REGIONS_DOWN/FIRING/app");
        RegionState gra = Scenario.latest(world.regionHealth(), "gra").getState();
        assertThat(gra).isEqualTo(RegionState.DOWN);
    }

    @Test
    void shouldSendTrafficToTheFirstRegionToRecoverAfterANearlySimultaneousOutage() throws Exception {
        // given gra fails one second before rbx: the failover to rbx happens while rbx still looks UP (the race)
        world = new Scenario(stateDir, Scenario.twoRegions(), PolicyRules.defaults());
        world.seconds(3).drain();
        world.everyoneSees("gra", ProbeStatus.DOWN).seconds(1).everyoneSees("rbx", ProbeStatus.DOWN).seconds(6);
        assertThat(world.decisions()).singleElement().extracting(FailoverDecision::getActiveRegion).isEqualTo("rbx");
        assertThat(Scenario.ofType(world.alerts(), AlertType.ALL_REGIONS_DOWN, AlertStatus.FIRING)).hasSize(1);
        // when gra recovers first, well within hold-down (5 min)
        world.everyoneSees("gra", ProbeStatus.UP).seconds(4);
        // then traffic goes back to gra at once: after a total outage that is recovery, not ping-pong
        assertThat(world.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.getActiveRegion()).isEqualTo("gra");
            assertThat(decision.getEpoch()).isEqualTo(2L);
        });
        assertThat(Scenario.ofType(world.alerts(), AlertType.ALL_REGIONS_DOWN, AlertStatus.RESOLVED)).hasSize(1);
    }
}
