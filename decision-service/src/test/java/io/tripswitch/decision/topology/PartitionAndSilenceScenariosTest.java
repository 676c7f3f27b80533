package io.tripswitch.decision.topology;

import static io.tripswitch.decision.topology.Scenario.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.decision.domain.PolicyRules;
import io.tripswitch.events.Alert;
import io.tripswitch.events.AlertStatus;
import io.tripswitch.events.AlertType;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.events.RegionState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What must never cause a failover: a one-sided partition, a flapping endpoint, silent observers. */
class PartitionAndSilenceScenariosTest extends ScenarioTestBase {

    @Test
    void shouldOnlySuspectARegionThatOneObserverOfThreeSeesDownAndNotFailOver() throws Exception {
        // given gra, rbx, sbg, each watched by the two others and an external probe
        world = new Scenario(stateDir, Scenario.threeRegionsAndAnExternalProbe(), PolicyRules.defaults());
        world.seconds(3).drain();
        // when only rbx sees gra failing (a partition between rbx and gra), for longer than fall
        world.sees("rbx", "gra", ProbeStatus.DOWN).seconds(8);
        // then gra is SUSPECT, REGION_SUSPECT fires once, and nothing moves
        RegionHealth gra = Scenario.latest(world.regionHealth(), "gra");
        assertThat(gra.getState()).isEqualTo(RegionState.SUSPECT);
        assertThat(gra.getObserversDown()).isEqualTo(1);
        assertThat(gra.getObserversConfigured()).isEqualTo(3);
        assertThat(summary(world.alerts())).containsExactly("REGION_SUSPECT/FIRING/gra");
        assertThat(world.decisions()).isEmpty();
        assertThat(world.groupStates()).isEmpty();
        // when the partition heals
        world.sees("rbx", "gra", ProbeStatus.UP).seconds(3);
        // then the suspicion resolves
        assertThat(summary(world.alerts())).containsExactly("REGION_SUSPECT/RESOLVED/gra");
        assertThat(world.decisions()).isEmpty();
    }

    @Test
    void shouldNotFailOverForAFlappingEndpoint() throws Exception {
        // given both regions healthy
        world = new Scenario(stateDir, Scenario.twoRegions(), PolicyRules.defaults());
        world.seconds(3).drain();
        // when gra's app1 fails twice, then passes once, again and again (never fall = 3 in a row)
        for (int cycle = 0; cycle < 6; cycle++) {
            world.seesEndpoint("rbx", "gra", "app1", ProbeStatus.DOWN).seconds(2);
            world.seesEndpoint("rbx", "gra", "app1", ProbeStatus.UP).seconds(1);
        }
        // then gra never leaves UP: no region health change, no alert, no decision
        assertThat(world.regionHealth()).isEmpty();
        assertThat(world.alerts()).isEmpty();
        assertThat(world.decisions()).isEmpty();
    }

    @Test
    void shouldRaiseProbesSilentButNotFailOverWhenOneObserverFallsSilent() throws Exception {
        // given three regions and an external probe, all healthy
        world = new Scenario(stateDir, Scenario.threeRegionsAndAnExternalProbe(), PolicyRules.defaults());
        world.seconds(3).drain();
        // when the external probe falls silent
        world.silence("ext").seconds(8);
        // then PROBES_SILENT fires once per region it watched, naming it; regions stay UP; no decision
        List<Alert> alerts = world.alerts();
        assertThat(summary(alerts)).containsExactlyInAnyOrder("PROBES_SILENT/FIRING/gra", "PROBES_SILENT/FIRING/rbx", "PROBES_SILENT/FIRING/sbg");
        assertThat(alerts).allSatisfy(alert -> assertThat(alert.getLabels()).containsEntry("observer", "ext"));
        List<RegionHealth> health = world.regionHealth();
        for (String region : List.of("gra", "rbx", "sbg")) {
            assertThat(Scenario.latest(health, region).getState()).as(region).isEqualTo(RegionState.UP);
        }
        assertThat(world.decisions()).isEmpty();
    }

    @Test
    void shouldMakeEveryRegionUnknownWithoutDecidingWhenEveryObserverFallsSilentEvenMidOutage() throws Exception {
        // given rbx's probe has seen gra fail twice (one short of fall)
        world = new Scenario(stateDir, Scenario.twoRegions(), PolicyRules.defaults());
        world.seconds(3).everyoneSees("gra", ProbeStatus.DOWN).seconds(2).drain();
        // when every probe falls silent, and only the wall clock moves on (punctuation alone)
        world.silence("gra").silence("rbx").wallClockOnly(Duration.ofSeconds(10));
        // then both regions are UNKNOWN, every view STALE, PROBES_SILENT for each, and no decision nor REGION_DOWN
        List<RegionHealth> health = world.regionHealth();
        for (String region : List.of("gra", "rbx")) {
            assertThat(Scenario.latest(health, region).getState()).as(region).isEqualTo(RegionState.UNKNOWN);
        }
        List<Alert> alerts = world.alerts();
        assertThat(alerts).extracting(Alert::getType).containsOnly(AlertType.PROBES_SILENT);
        assertThat(Scenario.ofType(alerts, AlertType.PROBES_SILENT, AlertStatus.FIRING)).hasSize(4);
        assertThat(world.decisions()).isEmpty();
        // and nothing repeats while the silence lasts
        world.wallClockOnly(Duration.ofSeconds(10));
        assertThat(world.alerts()).isEmpty();
        assertThat(world.decisions()).isEmpty();
    }
}
