package io.tripswitch.actuator.support;

import io.tripswitch.actuator.domain.ActuationSink;
import io.tripswitch.actuator.domain.AlertBook;
import io.tripswitch.actuator.domain.Authority;
import io.tripswitch.actuator.domain.DecisionApplier;
import io.tripswitch.actuator.domain.DriftPolicy;
import io.tripswitch.actuator.domain.EpochFence;
import io.tripswitch.actuator.domain.Reconciler;
import io.tripswitch.actuator.domain.TargetDriver;
import io.tripswitch.actuator.domain.TargetGuard;
import io.tripswitch.actuator.domain.TrafficGroup;
import io.tripswitch.actuator.wiring.TargetFactory;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigValidator;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One actuator built from a real configuration and real targets, outside Quarkus: the SmallRye guard needs the Quarkus
 * runtime (it is tested in SmallRyeTargetGuardTest), so each attempt here runs once, unguarded.
 */
public record PlainActuator(Map<String, TrafficGroup> groups, DecisionApplier applier, Reconciler reconciler) {

    public static PlainActuator build(TripswitchConfig config, ActuationSink sink, Executor executor, Authority authority) {
        TripswitchConfigValidator.requireValid(config);
        Map<String, TrafficGroup> groups = TargetFactory.groups(config, name -> null);
        TargetGuard once = attempt -> attempt.run(1);
        Clock clock = Clock.systemUTC();
        TargetDriver driver = new TargetDriver(new EpochFence(), name -> once, new AlertBook(clock), sink, false, clock, authority);
        return new PlainActuator(groups, new DecisionApplier(groups, driver, executor),
                new Reconciler(groups, driver, DriftPolicy.REPAIR, executor));
    }
}
