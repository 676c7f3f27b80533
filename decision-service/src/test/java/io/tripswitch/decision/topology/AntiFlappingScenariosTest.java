package io.tripswitch.decision.topology;

import static io.tripswitch.decision.topology.Scenario.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.decision.domain.PolicyRules;
import io.tripswitch.events.Alert;
import io.tripswitch.events.AlertStatus;
import io.tripswitch.events.AlertType;
import io.tripswitch.events.CommandType;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.GroupState;
import io.tripswitch.events.ProbeStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hold-down against ping-pong, and the flap breaker. */
class AntiFlappingScenariosTest extends ScenarioTestBase {

    @Test
    void shouldHoldTrafficOffTheRegionJustLeftUntilHoldDownExpiresThenMoveByPunctuation() throws Exception {
        // given hold-down 20 s, and a failover gra -> rbx
        world = new Scenario(stateDir, Scenario.twoRegions(), PolicyRules.defaults().withHoldDown(Duration.ofSeconds(20)));
        world.seconds(3).everyoneSees("gra", ProbeStatus.DOWN).seconds(4);
        FailoverDecision first = world.decisions().get(0);
        assertThat(first.getActiveRegion()).isEqualTo("rbx");
        world.drain();
        // when gra recovers and rbx fails, within hold-down
        world.everyoneSees("gra", ProbeStatus.UP).everyoneSees("rbx", ProbeStatus.DOWN).seconds(5);
        // then no ping-pong: FAILOVER_BLOCKED names hold-down as gra's reason
        assertThat(world.decisions()).isEmpty();
        List<Alert> blocked = Scenario.ofType(world.alerts(), AlertType.FAILOVER_BLOCKED, AlertStatus.FIRING);
        assertThat(blocked).singleElement().satisfies(alert -> {
            assertThat(alert.getSummary()).contains("gra: hold-down until");
            assertThat(alert.getLabels()).containsEntry("reason.gra", "hold-down");
        });
        world.drain();
        // when hold-down expires while the regions' states hold (no new region health: only the punctuation runs the policy)
        world.seconds(16);
        // then exactly one decision sends traffic back to gra, no earlier than hold-down allows, and the block resolves
        assertThat(world.regionHealth()).isEmpty();
        assertThat(world.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.getActiveRegion()).isEqualTo("gra");
            assertThat(decision.getEpoch()).isEqualTo(2L);
            assertThat(decision.getDecidedAt()).isAfterOrEqualTo(first.getDecidedAt().plus(Duration.ofSeconds(20)));
        });
        assertThat(summary(world.alerts())).containsExactly("FAILOVER/FIRING/app", "FAILOVER_BLOCKED/RESOLVED/app");
    }

    @Test
    void shouldFreezeTheGroupAfterMoreThanMaxFlipsAndResumeOnUnfreeze() throws Exception {
        // given a 1 s hold-down and at most 3 automatic decisions per hour
        world = new Scenario(stateDir, Scenario.twoRegions(),
                PolicyRules.defaults().withHoldDown(Duration.ofSeconds(1)).withFlapBreaker(3, Duration.ofHours(1)));
        world.seconds(3).drain();
        // when gra and rbx fail in turn, four times
        for (int flip = 0; flip < 4; flip++) {
            boolean graFails = flip % 2 == 0;
            world.everyoneSees("gra", graFails ? ProbeStatus.DOWN : ProbeStatus.UP)
                    .everyoneSees("rbx", graFails ? ProbeStatus.UP : ProbeStatus.DOWN).seconds(6);
        }
        // then four decisions were taken, the fourth froze the group and FLAP_FROZEN fired
        assertThat(world.decisions()).extracting(FailoverDecision::getEpoch).containsExactly(1L, 2L, 3L, 4L);
        List<GroupState> states = world.groupStates();
        assertThat(states.get(states.size() - 1).getFrozen()).isTrue();
        assertThat(Scenario.ofType(world.alerts(), AlertType.FLAP_FROZEN, AlertStatus.FIRING)).hasSize(1);
        // when the active region (gra) fails again
        world.everyoneSees("gra", ProbeStatus.DOWN).everyoneSees("rbx", ProbeStatus.UP).seconds(6);
        // then nothing moves: the failover is blocked because the group is frozen
        assertThat(world.decisions()).isEmpty();
        assertThat(Scenario.ofType(world.alerts(), AlertType.FAILOVER_BLOCKED, AlertStatus.FIRING)).singleElement()
                .satisfies(alert -> assertThat(alert.getSummary()).contains("frozen"));
        // when an operator unfreezes
        world.command("app", CommandType.UNFREEZE, null);
        // then the waiting failover happens, and FLAP_FROZEN and the block resolve
        assertThat(world.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.getActiveRegion()).isEqualTo("rbx");
            assertThat(decision.getEpoch()).isEqualTo(5L);
        });
        assertThat(summary(world.alerts())).contains("FLAP_FROZEN/RESOLVED/app", "FAILOVER_BLOCKED/RESOLVED/app");
        assertThat(world.groupStates()).last().extracting(GroupState::getFrozen).isEqualTo(false);
    }
}
