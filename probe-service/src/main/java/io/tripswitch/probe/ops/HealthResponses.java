package io.tripswitch.probe.ops;

import io.tripswitch.probe.schedule.CheckLoopStatus;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/** The check loop's figures as health-check data, the same in liveness and readiness. */
final class HealthResponses {

    private HealthResponses() {
    }

    static HealthCheckResponse of(String name, HealthRules.Verdict verdict, CheckLoopStatus status) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(name).status(verdict.up());
        addLoop(builder, status);
        if (!verdict.up()) {
            builder.withData("reason", verdict.reason());
        }
        return builder.build();
    }

    static void addLoop(HealthCheckResponseBuilder builder, CheckLoopStatus status) {
        builder.withData("targets", status.targets())
                .withData("overdue-targets", status.overdueCount())
                .withData("ticks-last-minute", status.recent().ticks())
                .withData("late-ticks-last-minute", status.recent().late())
                .withData("skipped-ticks", status.skippedTicks())
                .withData("missed-ticks", status.missedTicks());
    }
}
