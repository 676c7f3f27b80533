package io.tripswitch.actuator.wiring;

import io.tripswitch.actuator.domain.DecisionApplier;
import io.tripswitch.actuator.domain.EpochFence;
import io.tripswitch.actuator.domain.RetryPolicy;
import io.tripswitch.actuator.domain.TrafficGroup;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigValidator;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the actuator's parts from the validated configuration, once, at startup. */
@Singleton
public class ActuatorWiring {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Targets run on their own threads so one slow target never delays another. */
    private final ExecutorService targetExecutor = newTargetExecutor();

    private static ExecutorService newTargetExecutor() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "actuator-target-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void shutdown() {
        targetExecutor.shutdownNow();
    }

    @Produces
    @Singleton
    DecisionApplier decisionApplier(TripswitchConfig config, Clock clock) {
        TripswitchConfigValidator.requireValid(config);
        Map<String, TrafficGroup> groups = TargetFactory.groups(config, System::getenv);
        return new DecisionApplier(groups, new EpochFence(), RetryPolicy.DEFAULT, config.actuator().dryRun(), clock, targetExecutor,
                duration -> Thread.sleep(duration.toMillis()));
    }
}
