package io.tripswitch.actuator.wiring;

import io.tripswitch.actuator.fault.FaultPolicy;
import io.tripswitch.config.InvalidConfigException;
import io.tripswitch.config.TripswitchConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads and checks {@code tripswitch.actuator.faults}, the resync interval and the alert memory; every problem as {@code key: reason}. */
public final class FaultSettings {

    private static final String KEY = "tripswitch.actuator.faults.";

    private FaultSettings() {
    }

    public static FaultPolicy policy(TripswitchConfig.Actuator actuator) {
        TripswitchConfig.Faults faults = actuator.faults();
        List<String> problems = new ArrayList<>();
        if (!positive(actuator.resyncInterval())) {
            problems.add("tripswitch.actuator.resync-interval: must be positive, got " + actuator.resyncInterval());
        }
        if (!positive(actuator.alertMemory())) {
            problems.add("tripswitch.actuator.alert-memory: must be positive, got " + actuator.alertMemory());
        }
        if (!positive(faults.attemptTimeout())) {
            problems.add(KEY + "attempt-timeout: must be positive, got " + faults.attemptTimeout());
        }
        if (faults.maxAttempts() < 1 || faults.maxAttempts() > 20) {
            problems.add(KEY + "max-attempts: must be between 1 and 20, got " + faults.maxAttempts());
        }
        if (!positive(faults.initialBackoff())) {
            problems.add(KEY + "initial-backoff: must be positive, got " + faults.initialBackoff());
        }
        if (faults.maxBackoff().compareTo(faults.initialBackoff()) <= 0) {
            // SmallRye's exponential backoff needs room to grow: its initial delay must be below the maximum
            problems.add(KEY + "max-backoff: must be above initial-backoff (" + faults.initialBackoff() + "), got " + faults.maxBackoff());
        }
        if (faults.jitter().isNegative()) {
            problems.add(KEY + "jitter: must not be negative, got " + faults.jitter());
        } else if (faults.jitter().compareTo(faults.initialBackoff()) > 0) {
            problems.add(KEY + "jitter: must not exceed initial-backoff (" + faults.initialBackoff() + "), got " + faults.jitter());
        }
        if (faults.breakerWindow() < 1) {
            problems.add(KEY + "breaker-window: must be at least 1, got " + faults.breakerWindow());
        }
        if (!(faults.breakerFailureRatio() > 0 && faults.breakerFailureRatio() <= 1)) {
            problems.add(KEY + "breaker-failure-ratio: must be in (0, 1], got " + faults.breakerFailureRatio());
        }
        if (!positive(faults.breakerDelay())) {
            problems.add(KEY + "breaker-delay: must be positive, got " + faults.breakerDelay());
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new FaultPolicy(faults.attemptTimeout(), faults.maxAttempts(), faults.initialBackoff(), faults.maxBackoff(), faults.jitter(),
                faults.breakerWindow(), faults.breakerFailureRatio(), faults.breakerDelay());
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
