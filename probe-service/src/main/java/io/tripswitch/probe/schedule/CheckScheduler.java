package io.tripswitch.probe.schedule;

import io.tripswitch.probe.check.Check;
import io.tripswitch.probe.check.CheckKind;
import io.tripswitch.probe.check.CheckOutcome;
import io.tripswitch.probe.check.CheckTarget;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs every target's check at its interval, from its start offset, on Vert.x timers (fixed rate, no thread
 * per endpoint). A check still running when its next tick comes is not started twice: the tick is skipped
 * and counted, so a slow endpoint never piles up requests.
 */
public final class CheckScheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CheckScheduler.class);

    private final Vertx vertx;
    private final Map<CheckKind, Check> checks = new EnumMap<>(CheckKind.class);
    private final ResultSink sink;
    private final List<Long> timers = new CopyOnWriteArrayList<>();
    private final AtomicLong skippedTicks = new AtomicLong();
    private final AtomicLong droppedResults = new AtomicLong();

    public CheckScheduler(Vertx vertx, List<? extends Check> checks, ResultSink sink) {
        this.vertx = vertx;
        this.sink = sink;
        checks.forEach(check -> this.checks.put(check.kind(), check));
    }

    /** Starts checking; {@code offsets} gives each target and the delay before its first check. */
    public void start(Map<CheckTarget, Duration> offsets) {
        offsets.forEach((target, offset) -> {
            Check check = checks.get(target.kind());
            if (check == null) {
                throw new IllegalArgumentException("no check for kind " + target.kind() + " of " + target.name());
            }
            AtomicBoolean inFlight = new AtomicBoolean();
            // Vert.x periodic timers run at a fixed rate; they want delays of at least 1 ms.
            long initialDelayMs = Math.max(1, offset.toMillis());
            long intervalMs = Math.max(1, target.interval().toMillis());
            timers.add(vertx.setPeriodic(initialDelayMs, intervalMs, tick -> runOnce(check, target, inFlight)));
        });
    }

    private void runOnce(Check check, CheckTarget target, AtomicBoolean inFlight) {
        if (!inFlight.compareAndSet(false, true)) {
            long skipped = skippedTicks.incrementAndGet();
            LOG.debugf("check of %s still running at its next tick, tick skipped (%d skipped so far)", target.name(), skipped);
            return;
        }
        check.observe(target).subscribe().with(
                observations -> {
                    inFlight.set(false);
                    observations.forEach(observation -> deliver(observation.target(), observation.outcome()));
                },
                failure -> {
                    // Checks recover their own failures; this is a bug in a check, still reported as a result.
                    inFlight.set(false);
                    deliver(target, CheckOutcome.down(0, "check failed: " + failure));
                });
    }

    private void deliver(CheckTarget target, CheckOutcome outcome) {
        try {
            sink.accept(target, outcome);
        } catch (RuntimeException e) {
            long dropped = droppedResults.incrementAndGet();
            LOG.warnf("result of %s dropped (%d dropped so far): %s", target.name(), dropped, e.getMessage());
        }
    }

    /** Ticks skipped because the previous check of the same target was still running. */
    public long skippedTicks() {
        return skippedTicks.get();
    }

    /** Results the sink refused. */
    public long droppedResults() {
        return droppedResults.get();
    }

    /** Stops every timer; checks in flight finish on their own. */
    @Override
    public void close() {
        timers.forEach(vertx::cancelTimer);
        timers.clear();
    }
}
