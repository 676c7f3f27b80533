package io.tripswitch.probe.ops;

import io.tripswitch.probe.setup.ProbeService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** {@code /q/health/live}: the check loop keeps completing checks ({@link HealthRules#checkLoopAlive}). */
@Liveness
@ApplicationScoped
public class CheckLoopLiveness implements HealthCheck {

    public static final String NAME = "probe-check-loop";

    private final ProbeService probe;

    @Inject
    public CheckLoopLiveness(ProbeService probe) {
        this.probe = probe;
    }

    @Override
    public HealthCheckResponse call() {
        return probe.checkLoopStatus()
                .map(status -> HealthResponses.of(NAME, HealthRules.checkLoopAlive(status), status))
                .orElseGet(() -> HealthCheckResponse.named(NAME).down().withData("reason", "not started").build());
    }
}
