package io.tripswitch.decision.topology;

import static io.tripswitch.decision.topology.Scenario.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.decision.domain.PolicyRules;
import io.tripswitch.events.Alert;
import io.tripswitch.events.AlertStatus;
import io.tripswitch.events.AlertType;
import io.tripswitch.events.CommandType;
import io.tripswitch.events.DecisionAction;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.events.RegionState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failback to the preferred region: automatic, and manual with FAILBACK_READY. */
class FailbackScenariosTest extends ScenarioTestBase {

    private static final Duration FAILBACK_AFTER = Duration.ofSeconds(10);


    /** An outage of gra (traffic to rbx), then gra recovered; returns when gra was seen UP again. */
    private Instant failoverThenRecovery() {
        world.seconds(3).everyoneSees("gra", ProbeStatus.DOWN).seconds(5);
        assertThat(world.decisions()).singleElement().extracting(FailoverDecision::getActiveRegion).isEqualTo("rbx");
        world.drain();
        world.everyoneSees("gra", ProbeStatus.UP).seconds(3);
        RegionHealth gra = Scenario.latest(world.regionHealth(), "gra");
        assertThat(gra.getState()).isEqualTo(RegionState.UP);
        world.drain();
        return gra.getSince();
    }

    @Test
    void shouldFailBackAutomaticallyOnceThePreferredRegionHasBeenReadyForFailbackAfter() throws Exception {
        // given automatic failback after 10 s, hold-down 5 s, and gra recovered after a failover to rbx
        world = new Scenario(stateDir, Scenario.twoRegions(),
                PolicyRules.defaults().withHoldDown(Duration.ofSeconds(5)).withFailback(PolicyRules.Failback.AUTO, FAILBACK_AFTER));
        Instant graUpAgain = failoverThenRecovery();
        // when gra stays UP for less than failbackAfter: nothing yet
        world.seconds(5);
        assertThat(world.decisions()).isEmpty();
        // when it has stayed UP for longer (states hold, so only the punctuation runs the policy)
        world.seconds(8);
        // then exactly one FAILBACK decision to gra, no earlier than failbackAfter, and no FAILBACK_READY
        assertThat(world.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.getAction()).isEqualTo(DecisionAction.FAILBACK);
            assertThat(decision.getActiveRegion()).isEqualTo("gra");
            assertThat(decision.getEpoch()).isEqualTo(2L);
            assertThat(decision.getDecidedAt()).isAfterOrEqualTo(graUpAgain.plus(FAILBACK_AFTER));
        });
        assertThat(summary(world.alerts())).containsExactly("FAILOVER/FIRING/app");
        world.seconds(5);
        assertThat(world.decisions()).isEmpty();
    }

    @Test
    void shouldSayFailbackReadyOnceAndNotFailBackWhenFailbackIsManual() throws Exception {
        // given manual failback after 10 s and gra recovered after a failover to rbx
        world = new Scenario(stateDir, Scenario.twoRegions(), PolicyRules.defaults().withFailback(PolicyRules.Failback.MANUAL, FAILBACK_AFTER));
        failoverThenRecovery();
        // when gra stays UP and ready for longer than failbackAfter, and then some more
        world.seconds(12);
        List<Alert> ready = world.alerts();
        world.seconds(10);
        // then FAILBACK_READY (info) fired exactly once, and no decision was taken
        assertThat(summary(ready)).containsExactly("FAILBACK_READY/FIRING/app");
        assertThat(ready.get(0).getRegion()).isEqualTo("gra");
        assertThat(world.alerts()).isEmpty();
        assertThat(world.decisions()).isEmpty();
        // when the operator fails back
        world.command("app", CommandType.FAILOVER_TO, "gra");
        // then an OPERATOR decision moves traffic to gra and FAILBACK_READY resolves
        assertThat(world.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.getAction()).isEqualTo(DecisionAction.OPERATOR);
            assertThat(decision.getActiveRegion()).isEqualTo("gra");
        });
        assertThat(Scenario.ofType(world.alerts(), AlertType.FAILBACK_READY, AlertStatus.RESOLVED)).hasSize(1);
    }
}
