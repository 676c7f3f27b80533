package io.tripswitch.probe.ops;

import io.tripswitch.probe.publish.ProbeResultPublisher;
import io.tripswitch.probe.setup.ProbeService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}, beside the Kafka connector's own check of the producer's connection: checks are on
 * schedule ({@link HealthRules#checkLoopReady}) and results reach Kafka without being dropped ({@link HealthRules#results}).
 */
@Readiness
@ApplicationScoped
public class ProbeReadiness implements HealthCheck {

    public static final String NAME = "probe-result-delivery";

    private final ProbeService probe;
    private final Clock clock;

    @Inject
    public ProbeReadiness(ProbeService probe, Clock clock) {
        this.probe = probe;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        ProbeResultPublisher publisher = probe.publisher().orElse(null);
        var loop = probe.checkLoopStatus().orElse(null);
        if (publisher == null || loop == null) {
            return HealthCheckResponse.named(NAME).down().withData("reason", "not started").build();
        }
        HealthRules.Verdict results = HealthRules.results(publisher.pending(), publisher.maxPending(), publisher.lastDropMillis(),
                publisher.lastFailureMillis(), clock.millis());
        HealthRules.Verdict punctual = HealthRules.checkLoopReady(loop);
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(NAME).status(results.up() && punctual.up())
                .withData("pending", publisher.pending())
                .withData("max-pending", publisher.maxPending())
                .withData("dropped", publisher.dropped())
                .withData("failed-deliveries", publisher.failedDeliveries())
                .withData("sent", publisher.sent());
        HealthResponses.addLoop(builder, loop);
        if (!results.up()) {
            builder.withData("reason", results.reason());
        }
        if (!punctual.up()) {
            builder.withData("check-loop", punctual.reason());
        }
        return builder.build();
    }
}
