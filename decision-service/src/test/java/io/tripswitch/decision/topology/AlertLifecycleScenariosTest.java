package io.tripswitch.decision.topology;

import static io.tripswitch.decision.topology.Scenario.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.decision.domain.Deployment;
import io.tripswitch.decision.domain.PolicyRules;
import io.tripswitch.events.Alert;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.events.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert lifecycle through the topology: REGION_DEGRADED fires once and resolves once. */
class AlertLifecycleScenariosTest extends ScenarioTestBase {

    @Test
    void shouldRaiseRegionDegradedWhenMoreThanHalfOfARegionsEndpointsAreDown() throws Exception {
        // given gra with three endpoints, watched by rbx
        Deployment deployment = new Deployment(Map.of("gra", List.of("app1", "app2", "app3"), "rbx", List.of("app1")), List.of("gra", "rbx"),
                Map.of("app", List.of("gra", "rbx")));
        world = new Scenario(stateDir, deployment, PolicyRules.defaults());
        world.seconds(3).drain();
        // when two of gra's three endpoints fail (the region stays UP: one healthy endpoint is enough)
        world.seesEndpoint("rbx", "gra", "app1", ProbeStatus.DOWN).seesEndpoint("rbx", "gra", "app2", ProbeStatus.DOWN).seconds(5);
        // then REGION_DEGRADED (warning) fires once, and no failover
        List<Alert> alerts = world.alerts();
        assertThat(summary(alerts)).containsExactly("REGION_DEGRADED/FIRING/gra");
        assertThat(alerts.get(0).getSeverity()).isEqualTo(Severity.WARNING);
        assertThat(world.decisions()).isEmpty();
        // when one comes back, 1 of 3 down is not degraded
        world.seesEndpoint("rbx", "gra", "app2", ProbeStatus.UP).seconds(3);
        assertThat(summary(world.alerts())).containsExactly("REGION_DEGRADED/RESOLVED/gra");
    }
}
