package io.tripswitch.decision.topology;

import static io.tripswitch.decision.topology.Scenario.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.decision.domain.PolicyRules;
import io.tripswitch.events.Alert;
import io.tripswitch.events.AlertStatus;
import io.tripswitch.events.AlertType;
import io.tripswitch.events.CommandType;
import io.tripswitch.events.DecisionAction;
import io.tripswitch.events.GroupState;
import io.tripswitch.events.OperatorCommand;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.events.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operators' commands on tripswitch.commands: freeze, force, rejected. */
class OperatorCommandScenariosTest extends ScenarioTestBase {

    @Test
    void shouldTakeNoAutomaticDecisionWhileFrozenAndFailOverOnUnfreeze() throws Exception {
        // given a healthy group, frozen by an operator
        world = new Scenario(stateDir, Scenario.twoRegions(), PolicyRules.defaults());
        world.seconds(3).drain();
        world.command("app", CommandType.FREEZE, null);
        assertThat(world.groupStates()).singleElement().extracting(GroupState::getFrozen).isEqualTo(true);
        // when gra goes down
        world.everyoneSees("gra", ProbeStatus.DOWN).seconds(6);
        // then no decision; alerts go on: REGION_DOWN and FAILOVER_BLOCKED (frozen)
        assertThat(world.decisions()).isEmpty();
        assertThat(summary(world.alerts())).containsExactly("REGION_DOWN/FIRING/gra", "FAILOVER_BLOCKED/FIRING/app");
        // when the operator unfreezes
        world.command("app", CommandType.UNFREEZE, null);
        // then the failover happens at once
        assertThat(world.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.getAction()).isEqualTo(DecisionAction.FAILOVER);
            assertThat(decision.getActiveRegion()).isEqualTo("rbx");
        });
        assertThat(world.groupStates()).last().satisfies(state -> {
            assertThat(state.getFrozen()).isFalse();
            assertThat(state.getActiveRegion()).isEqualTo("rbx");
        });
    }

    @Test
    void shouldForceAFailoverAtOnceEvenWhenFrozenNamingTheOperator() throws Exception {
        world = new Scenario(stateDir, Scenario.twoRegions(), PolicyRules.defaults());
        world.seconds(3).command("app", CommandType.FREEZE, null).drain();
        // when an operator forces rbx
        world.command("app", CommandType.FAILOVER_TO, "rbx");
        // then one OPERATOR decision, with the operator, epoch 1; the group stays frozen; a FAILOVER alert (info)
        assertThat(world.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.getAction()).isEqualTo(DecisionAction.OPERATOR);
            assertThat(decision.getActiveRegion()).isEqualTo("rbx");
            assertThat(decision.getOperator()).isEqualTo("alice");
            assertThat(decision.getEpoch()).isEqualTo(1L);
        });
        assertThat(world.groupStates()).singleElement().satisfies(state -> {
            assertThat(state.getActiveRegion()).isEqualTo("rbx");
            assertThat(state.getFrozen()).isTrue();
        });
        List<Alert> alerts = world.alerts();
        assertThat(summary(alerts)).containsExactly("FAILOVER/FIRING/app");
        assertThat(alerts.get(0).getSeverity()).isEqualTo(Severity.INFO);
    }

    @Test
    void shouldWarnWhenAnOperatorForcesARegionWhoseReplicaLags() throws Exception {
        world = new Scenario(stateDir, Scenario.twoRegionsWithAReplicatedStore(), PolicyRules.defaults());
        world.lag("users", "rbx", 90_000L, true).seconds(3).drain();
        world.command("app", CommandType.FAILOVER_TO, "rbx");
        assertThat(world.decisions()).singleElement().extracting(d -> d.getActiveRegion()).isEqualTo("rbx");
        assertThat(world.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.getType()).isEqualTo(AlertType.FAILOVER);
            assertThat(alert.getSeverity()).isEqualTo(Severity.WARNING);
            assertThat(alert.getSummary()).contains("NOT ready").contains("90000 ms behind");
        });
    }

    @Test
    void shouldRejectACommandForAnUnknownGroupOrRegionAndChangeNothing() throws Exception {
        world = new Scenario(stateDir, Scenario.twoRegions(), PolicyRules.defaults());
        world.seconds(3).drain();
        // when commands name a group and a region that do not exist
        world.command("shop", CommandType.FREEZE, null);
        world.command("app", CommandType.FAILOVER_TO, "waw");
        // then each is rejected with COMMAND_REJECTED, and nothing changes
        List<Alert> alerts = world.alerts();
        assertThat(summary(alerts)).containsExactly("COMMAND_REJECTED/FIRING/shop", "COMMAND_REJECTED/FIRING/app");
        assertThat(alerts.get(0).getSummary()).contains("unknown group 'shop'");
        assertThat(alerts.get(1).getSummary()).contains("unknown region 'waw'");
        assertThat(world.decisions()).isEmpty();
        assertThat(world.groupStates()).isEmpty();
        assertThat(world.deadLetters()).isEmpty();
    }

    @Test
    void shouldSendAnInvalidCommandToTheDeadLetterTopic() throws Exception {
        world = new Scenario(stateDir, Scenario.twoRegions(), PolicyRules.defaults());
        world.seconds(1).drain();
        // when a FAILOVER_TO has no target, and a command is keyed by another group than its own
        world.command("app", new OperatorCommand("c1", "app", CommandType.FAILOVER_TO, null, "alice", "oops", world.now()));
        world.command("web", new OperatorCommand("c2", "app", CommandType.FREEZE, null, "alice", "wrong key", world.now()));
        // then both go to the dead-letter topic with the reason; nothing else happens
        assertThat(world.deadLetters()).extracting(record -> Scenario.header(record.headers().toArray(), DeadLetterHeaders.MESSAGE))
                .containsExactly("FAILOVER_TO without targetRegion", "key 'web' is not the command's group 'app'");
        assertThat(world.decisions()).isEmpty();
        assertThat(world.groupStates()).isEmpty();
        assertThat(world.alerts()).isEmpty();
    }
}
