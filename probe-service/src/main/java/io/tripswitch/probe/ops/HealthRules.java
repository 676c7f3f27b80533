package io.tripswitch.probe.ops;

import io.tripswitch.probe.schedule.CheckLoopStatus;
import java.time.Duration;

/**
 * When the probe says it is unwell (docs/decisions/0006-probe-operations.md). Pure: the health checks give it
 * the counts and the time.
 */
public final class HealthRules {

    /** Readiness is DOWN when more than this share of the last minute's ticks started late. */
    public static final double MAX_LATE_SHARE = 0.10;
    /** Below this many ticks in the last minute the late share says nothing yet. */
    public static final long MIN_TICKS_FOR_LATE_SHARE = 20;
    /** A drop or a failed delivery keeps readiness DOWN this long. */
    public static final Duration RESULTS_MEMORY = Duration.ofMinutes(1);

    private HealthRules() {
    }

    /** Liveness: DOWN when a target has had no completed check for 2 intervals + its timeout (the loop is stuck or starved). */
    public static Verdict checkLoopAlive(CheckLoopStatus status) {
        if (status.overdueCount() > 0) {
            return Verdict.down(status.overdueCount() + " of " + status.targets() + " targets without a completed check for "
                    + "2 intervals + timeout, e.g. " + String.join(", ", status.overdue()));
        }
        return Verdict.UP;
    }

    /** Readiness of the loop: alive, and at most {@link #MAX_LATE_SHARE} of the last minute's ticks started late. */
    public static Verdict checkLoopReady(CheckLoopStatus status) {
        Verdict alive = checkLoopAlive(status);
        if (!alive.up()) {
            return alive;
        }
        if (status.recent().ticks() >= MIN_TICKS_FOR_LATE_SHARE && status.recent().lateShare() > MAX_LATE_SHARE) {
            return Verdict.down(String.format("%d of %d checks of the last minute started later than 10%% of their interval",
                    status.recent().late(), status.recent().ticks()));
        }
        return Verdict.UP;
    }

    /**
     * Readiness of publication: DOWN while the bound of pending results is reached, and for {@link #RESULTS_MEMORY}
     * after a result was dropped or a delivery failed.
     */
    public static Verdict results(int pending, int maxPending, long lastDropMillis, long lastFailureMillis, long nowMillis) {
        if (pending >= maxPending) {
            return Verdict.down(pending + " results wait for Kafka, the bound tripswitch.probe.max-pending-results: new results are dropped");
        }
        if (within(lastDropMillis, nowMillis)) {
            return Verdict.down("results were dropped in the last " + RESULTS_MEMORY.toSeconds() + " s (Kafka unreachable or slow)");
        }
        if (within(lastFailureMillis, nowMillis)) {
            return Verdict.down("Kafka refused results after the producer's retries in the last " + RESULTS_MEMORY.toSeconds() + " s");
        }
        return Verdict.UP;
    }

    private static boolean within(long eventMillis, long nowMillis) {
        return eventMillis != Long.MIN_VALUE && nowMillis - eventMillis < RESULTS_MEMORY.toMillis();
    }

    /** UP, or DOWN with the reason an operator reads in {@code /q/health}. */
    public record Verdict(boolean up, String reason) {

        public static final Verdict UP = new Verdict(true, "");

        public static Verdict down(String reason) {
            return new Verdict(false, reason);
        }
    }
}
