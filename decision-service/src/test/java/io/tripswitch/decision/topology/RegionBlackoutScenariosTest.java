package io.tripswitch.decision.topology;

import static io.tripswitch.decision.topology.Scenario.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.decision.domain.Deployment;
import io.tripswitch.decision.domain.HealthRules;
import io.tripswitch.decision.domain.PolicyRules;
import io.tripswitch.events.Alert;
import io.tripswitch.events.AlertStatus;
import io.tripswitch.events.AlertType;
import io.tripswitch.events.CommandType;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.ObserverView;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.events.RegionState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A region that dies together with its own probes (DESIGN.md, "Failover policy" 2–3; issue 11): its observer is excused,
 * so the survivors do not turn UNKNOWN and the failover does not depend on being decided before the dead probe goes
 * stale. Deployment: gra, rbx, sbg, each also an observer; two endpoints each; group app [gra, rbx, sbg]; store db
 * (primary gra, replicas rbx and sbg, 50 ms behind); interval 1 s, fall 3, rise 2, stale-after 3 s, failback manual.
 */
class RegionBlackoutScenariosTest extends ScenarioTestBase {

    private Scenario threeRegions(HealthRules rules) throws Exception {
        world = new Scenario(stateDir, Scenario.threeRegionsWithAReplicatedStore(), rules, PolicyRules.defaults());
        return world.lagEverySecond("db", "rbx", 50L, true).lagEverySecond("db", "sbg", 50L, true);
    }

    /** gra's app servers and its probe are gone: every other observer sees gra fail, gra says nothing more. */
    private static Scenario graGoesDark(Scenario world) {
        return world.silence("gra").everyoneSees("gra", ProbeStatus.DOWN);
    }

    @Test
    void shouldFailOverWhenARegionsProbeFallsSilentBeforeItsEndpointsFail() throws Exception {
        // given the three regions healthy for 3 s
        threeRegions(HealthRules.defaults()).seconds(3).drain();
        // when gra's probe host stops reporting at t=3 s, and gra's endpoints fail for the others from t=5 s
        world.silence("gra").seconds(2);
        world.everyoneSees("gra", ProbeStatus.DOWN).seconds(10);
        // then gra is DOWN and traffic moves to rbx, once
        assertThat(world.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.getActiveRegion()).isEqualTo("rbx");
            assertThat(decision.getEpoch()).isEqualTo(1L);
        });
        List<RegionHealth> health = world.regionHealth();
        assertThat(Scenario.latest(health, "gra").getState()).isEqualTo(RegionState.DOWN);
        // and rbx is UP on sbg's word, gra's silent view excused
        RegionHealth rbx = Scenario.latest(health, "rbx");
        assertThat(rbx.getState()).isEqualTo(RegionState.UP);
        assertThat(rbx.getObserversExcused()).isEqualTo(1);
        assertThat(rbx.getViews()).filteredOn(view -> view.getObserver().equals("gra")).singleElement()
                .satisfies(view -> assertThat(view.getExcused()).isTrue());
        // and gra's silence, explained by REGION_DOWN, leaves no PROBES_SILENT firing
        List<Alert> alerts = world.alerts();
        assertThat(stillFiring(alerts, AlertType.PROBES_SILENT)).isEmpty();
        assertThat(summary(alerts)).contains("REGION_DOWN/FIRING/gra", "FAILOVER/FIRING/app").doesNotContain("FAILOVER_BLOCKED/FIRING/app");
    }

    @Test
    void shouldFailOverWhenDetectionTakesLongerThanStaleAfter() throws Exception {
        // given fall 5: detecting gra's outage takes longer than its dead probe takes to go stale (3 s)
        threeRegions(new HealthRules(2, 5, Duration.ofSeconds(3), 1, OptionalInt.empty(), false)).seconds(3).drain();
        // when gra goes dark at once (probe and endpoints)
        graGoesDark(world).seconds(12);
        // then it still fails over to rbx, once
        assertThat(world.decisions()).extracting(FailoverDecision::getActiveRegion).containsExactly("rbx");
        assertThat(stillFiring(world.alerts(), AlertType.FAILOVER_BLOCKED)).isEmpty();
    }

    @Test
    void shouldFailOverOnUnfreezeAfterTheRegionDiedWithItsProbeWhileFrozen() throws Exception {
        // given the group frozen, then gra going dark
        threeRegions(HealthRules.defaults()).seconds(3).command("app", CommandType.FREEZE, null).seconds(1).drain();
        graGoesDark(world).seconds(8);
        assertThat(world.decisions()).isEmpty();
        List<Alert> blocked = Scenario.ofType(world.alerts(), AlertType.FAILOVER_BLOCKED, AlertStatus.FIRING);
        assertThat(blocked).singleElement().satisfies(alert -> assertThat(alert.getLabels()).containsEntry("blockedBy", "frozen"));
        // when an operator unfreezes 10 s after
        world.seconds(2).drain();
        world.command("app", CommandType.UNFREEZE, null).seconds(1);
        // then the failover follows at once, and FAILOVER_BLOCKED resolves under its id
        assertThat(world.decisions()).extracting(FailoverDecision::getActiveRegion).containsExactly("rbx");
        List<Alert> resolved = Scenario.ofType(world.alerts(), AlertType.FAILOVER_BLOCKED, AlertStatus.RESOLVED);
        assertThat(resolved).singleElement().satisfies(alert -> assertThat(alert.getAlertId()).isEqualTo(blocked.get(0).getAlertId()));
    }

    @Test
    void shouldFailOverOnceTheReplicasReportHealthyAgainAfterTheRegionDied() throws Exception {
        // given both replicas report replication broken (60 s, unhealthy), with no healthy reading before
        world = new Scenario(stateDir, Scenario.threeRegionsWithAReplicatedStore(), PolicyRules.defaults());
        world.lagEverySecond("db", "rbx", 60_000L, false).lagEverySecond("db", "sbg", 60_000L, false).seconds(3).drain();
        // when gra goes dark, and the replicas stay broken 10 s after gra is DOWN
        graGoesDark(world).seconds(13);
        // then the failover is blocked, naming the replication (not the survivors' state)
        assertThat(world.decisions()).isEmpty();
        List<Alert> blocked = Scenario.ofType(world.alerts(), AlertType.FAILOVER_BLOCKED, AlertStatus.FIRING);
        assertThat(blocked).singleElement().satisfies(alert -> assertThat(alert.getLabels())
                .containsEntry("reason.rbx", "replication-broken").containsEntry("reason.sbg", "replication-broken"));
        // when the replicas report healthy, 50 ms behind
        world.lagEverySecond("db", "rbx", 50L, true).lagEverySecond("db", "sbg", 50L, true).seconds(2);
        // then traffic moves to rbx, and the blocked alert resolves
        assertThat(world.decisions()).extracting(FailoverDecision::getActiveRegion).containsExactly("rbx");
        assertThat(summary(world.alerts())).contains("FAILOVER_BLOCKED/RESOLVED/app");
    }

    @Test
    void shouldUpdateTheBlockedFailoverAlertWhenItsReasonChanges() throws Exception {
        // given frozen, gra dark, and the replicas broken: FAILOVER_BLOCKED fires because the group is frozen
        world = new Scenario(stateDir, Scenario.threeRegionsWithAReplicatedStore(), PolicyRules.defaults());
        world.lagEverySecond("db", "rbx", 60_000L, false).lagEverySecond("db", "sbg", 60_000L, false).seconds(3)
                .command("app", CommandType.FREEZE, null).seconds(1).drain();
        graGoesDark(world).seconds(8);
        List<Alert> frozen = Scenario.ofType(world.alerts(), AlertType.FAILOVER_BLOCKED, AlertStatus.FIRING);
        assertThat(frozen).singleElement().satisfies(alert -> assertThat(alert.getSummary()).contains("is frozen"));
        // when an operator unfreezes: the failover is still blocked, now by the replication
        world.command("app", CommandType.UNFREEZE, null).seconds(3);
        // then the alert is updated once: FIRING again under the same id, with the new reason; nothing resolved
        List<Alert> after = world.alerts();
        assertThat(summary(after)).containsExactly("FAILOVER_BLOCKED/FIRING/app");
        assertThat(after.get(0).getAlertId()).isEqualTo(frozen.get(0).getAlertId());
        assertThat(after.get(0).getSummary()).contains("no region qualifies").contains("replication of db");
        assertThat(after.get(0).getLabels()).containsEntry("blockedBy", "no-region-qualifies").containsEntry("reason.rbx", "replication-broken");
        // and the lag figures moving do not update it again
        world.lagEverySecond("db", "rbx", 61_000L, false).seconds(3);
        assertThat(world.alerts()).isEmpty();
    }

    @Test
    void shouldLetTheSurvivorsOwnObserverDecideInTwoRegions() throws Exception {
        // given gra and rbx, each watched by the other only (quorum 1), with fall 5 so gra's probe goes stale first
        world = new Scenario(stateDir, Scenario.twoRegions(), new HealthRules(2, 5, Duration.ofSeconds(3), 1, OptionalInt.empty(), false),
                PolicyRules.defaults());
        world.seconds(3).drain();
        // when the active region gra dies with its probe
        graGoesDark(world).seconds(10);
        // then rbx, vouched for by its own probe, takes the traffic
        assertThat(world.decisions()).extracting(FailoverDecision::getActiveRegion).containsExactly("rbx");
        RegionHealth rbx = Scenario.latest(world.regionHealth(), "rbx");
        assertThat(rbx.getState()).isEqualTo(RegionState.UP);
        assertThat(rbx.getObserversExcused()).isEqualTo(1);
    }

    @Test
    void shouldFailOverARegionCheckedThroughHaproxysView() throws Exception {
        // given gra's only endpoint is its load balancer, checked through HAProxy: one result per server
        Deployment deployment = new Deployment(Map.of("gra", List.of("lb"), "rbx", List.of("app1")), List.of("gra", "rbx"),
                Map.of("app", List.of("gra", "rbx")));
        world = new Scenario(stateDir, deployment, PolicyRules.defaults());
        world.reportedAs("gra", "lb", "lb/app_gra/s1", "lb/app_gra/s2").seconds(3).drain();
        // when HAProxy sees every gra server down
        world.everyoneSees("gra", ProbeStatus.DOWN).seconds(5);
        // then gra is DOWN and traffic moves
        assertThat(Scenario.latest(world.regionHealth(), "gra").getState()).isEqualTo(RegionState.DOWN);
        assertThat(world.decisions()).extracting(FailoverDecision::getActiveRegion).containsExactly("rbx");
    }

    // --- the guards against a false failover still hold

    @Test
    void shouldNeverFailOverForAOneSidedPartitionEvenWhenTheCutOffRegionSeesEveryoneDown() throws Exception {
        // given gra and rbx cut off from each other only: each sees the other DOWN, sbg sees both UP
        threeRegions(HealthRules.defaults()).seconds(3).drain();
        world.sees("rbx", "gra", ProbeStatus.DOWN).sees("gra", "rbx", ProbeStatus.DOWN).seconds(15);
        // then both are only SUSPECT, nobody is excused, and nothing moves
        List<RegionHealth> health = world.regionHealth();
        assertThat(Scenario.latest(health, "gra").getState()).isEqualTo(RegionState.SUSPECT);
        assertThat(Scenario.latest(health, "rbx").getState()).isEqualTo(RegionState.SUSPECT);
        assertThat(health).allSatisfy(region -> assertThat(region.getViews()).noneMatch(ObserverView::getExcused));
        assertThat(world.decisions()).isEmpty();
    }

    @Test
    void shouldNeverFailOverOnSilenceAlone() throws Exception {
        // given gra's probe falls silent while gra's endpoints stay up for everyone else
        threeRegions(HealthRules.defaults()).seconds(3).drain();
        world.silence("gra").seconds(20);
        // then no decision; gra's silence is reported, never taken for an outage
        assertThat(world.decisions()).isEmpty();
        List<Alert> alerts = world.alerts();
        assertThat(stillFiring(alerts, AlertType.PROBES_SILENT)).isNotEmpty()
                .allSatisfy(alert -> assertThat(alert.getLabels()).containsEntry("observer", "gra"));
        assertThat(summary(alerts)).doesNotContain("REGION_DOWN/FIRING/gra");
    }

    @Test
    void shouldNeverLetAnExcusedObserverHelpCallARegionDown() throws Exception {
        // given gra cut off from everyone: the others see gra DOWN, gra's probe runs on and sees rbx and sbg DOWN
        threeRegions(HealthRules.defaults()).seconds(3).drain();
        world.everyoneSees("gra", ProbeStatus.DOWN).sees("gra", "rbx", ProbeStatus.DOWN).sees("gra", "sbg", ProbeStatus.DOWN).seconds(10);
        // then gra is DOWN, rbx stays UP (gra's view of it is excused) and takes the traffic
        List<RegionHealth> health = world.regionHealth();
        assertThat(health).filteredOn(region -> !region.getRegion().equals("gra")).extracting(RegionHealth::getState)
                .doesNotContain(RegionState.DOWN);
        assertThat(world.decisions()).extracting(FailoverDecision::getActiveRegion).containsExactly("rbx");
    }

    @Test
    void shouldRaiseNoProbesSilentWhileTheBacklogOfAStartIsRead() throws Exception {
        // given the service starts on a backlog: every observer's results from 10 s ago come first
        world = new Scenario(stateDir, Scenario.threeRegionsWithAReplicatedStore(), PolicyRules.defaults());
        for (String observer : List.of("gra", "rbx", "sbg")) {
            for (String region : List.of("gra", "rbx", "sbg")) {
                for (String endpoint : List.of("app1", "app2")) {
                    world.probe(observer, region, endpoint, ProbeStatus.UP, Scenario.START.minusSeconds(10));
                }
            }
        }
        // when the fresh results follow, within stale-after of the start
        world.wallClockOnly(Duration.ofSeconds(1)).seconds(5);
        // then no PROBES_SILENT was raised for the views that looked silent at first
        assertThat(world.alerts()).extracting(Alert::getType).doesNotContain(AlertType.PROBES_SILENT);
    }

    /** Alerts of a type whose last notice is FIRING. */
    private static List<Alert> stillFiring(List<Alert> alerts, AlertType type) {
        Map<String, Alert> last = new LinkedHashMap<>();
        alerts.stream().filter(alert -> alert.getType() == type).forEach(alert -> last.put(alert.getAlertId(), alert));
        return last.values().stream().filter(alert -> alert.getStatus() == AlertStatus.FIRING).toList();
    }
}
