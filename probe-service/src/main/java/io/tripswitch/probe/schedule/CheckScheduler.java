package io.tripswitch.probe.schedule;

import io.tripswitch.probe.check.Check;
import io.tripswitch.probe.check.CheckKind;
import io.tripswitch.probe.check.CheckOutcome;
import io.tripswitch.probe.check.CheckTarget;
import io.tripswitch.probe.check.Observation;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Runs every target's check at its interval, from its start offset, on Vert.x timers (no thread per endpoint). Each
 * target keeps its own schedule of due times, fixed rate, so the spread of {@link StartOffsets} does not drift into
 * bursts; a one-shot timer wakes it at its next due time. Keeping the schedule here rather than in a periodic timer
 * means lateness is measured against the times the timer was asked for: a periodic timer keeps the phase of the
 * moment it was created, and a start delayed by a loaded machine would count every later tick late.
 * A check still running when its next tick comes is not started twice: the tick is skipped and counted, so a slow
 * endpoint never piles up requests. Ticks a whole interval late (a pause of the process) are dropped and counted
 * too, so a pause is followed by one round of checks, not by a burst of every round it missed.
 */
public final class CheckScheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CheckScheduler.class);
    private static final Duration PUNCTUALITY_WINDOW = Duration.ofMinutes(1);
    /** Ticks of the first seconds are not judged: class loading and JIT compilation make them late, whatever the load. */
    static final Duration STARTUP_GRACE = Duration.ofSeconds(10);
    /** A tick is late when it starts later than this share of its interval (the benchmark's on-time tolerance). */
    private static final long LATE_DIVISOR = 10;

    private final Vertx vertx;
    private final Map<CheckKind, Check> checks = new EnumMap<>(CheckKind.class);
    private final ResultSink sink;
    private final LongSupplier nanoTime;
    private final List<Scheduled> scheduled = new CopyOnWriteArrayList<>();
    private final TickWindow recentTicks = new TickWindow(PUNCTUALITY_WINDOW);
    private final AtomicLong skippedTicks = new AtomicLong();
    private final AtomicLong missedTicks = new AtomicLong();
    private final AtomicLong droppedResults = new AtomicLong();
    private final Duration startupGrace;
    private volatile long judgedFromNanos = Long.MAX_VALUE;
    private volatile boolean closed;

    public CheckScheduler(Vertx vertx, List<? extends Check> checks, ResultSink sink) {
        this(vertx, checks, sink, System::nanoTime, STARTUP_GRACE);
    }

    /**
     * @param nanoTime     monotonic time in nanoseconds, the time base of Vert.x' timers
     * @param startupGrace time after {@link #start} during which ticks are not counted as late or on time
     */
    CheckScheduler(Vertx vertx, List<? extends Check> checks, ResultSink sink, LongSupplier nanoTime, Duration startupGrace) {
        this.vertx = vertx;
        this.sink = sink;
        this.nanoTime = nanoTime;
        this.startupGrace = startupGrace;
        checks.forEach(check -> this.checks.put(check.kind(), check));
    }

    /**
     * Starts checking; {@code offsets} gives each target and the delay before its first check. Many targets are
     * started over several rounds ({@link #rampRounds}), in the offsets' order, each round {@link #RAMP_STEP} more: a
     * cold JVM cannot run thousands of checks a second at once, and checks it cannot finish in time would be reported
     * DOWN. A target not started yet is silent, which consumers treat as unknown, never as down.
     */
    public void start(Map<CheckTarget, Duration> offsets) {
        long startNanos = nanoTime.getAsLong();
        judgedFromNanos = Math.min(judgedFromNanos, startNanos + startupGrace.toNanos());
        int rounds = rampRounds(offsets.size());
        int[] rank = {0};
        offsets.forEach((target, offset) -> {
            int round = (int) ((long) rank[0]++ * rounds / offsets.size());
            Check check = checks.get(target.kind());
            if (check == null) {
                throw new IllegalArgumentException("no check for kind " + target.kind() + " of " + target.name());
            }
            long intervalNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), target.interval().toNanos());
            long firstDueNanos = nanoTime.getAsLong() + offset.toNanos() + round * intervalNanos;
            Scheduled entry = new Scheduled(target, check, firstDueNanos, intervalNanos);
            scheduled.add(entry);
            wakeUpWhenDue(entry);
        });
    }

    /** Targets started per round of the startup ramp. */
    static final int RAMP_STEP = 100;
    private static final int MAX_RAMP_ROUNDS = 20;

    /** Rounds over which {@code targets} targets are started: 1 up to {@link #RAMP_STEP} targets, at most 20. */
    static int rampRounds(int targets) {
        return Math.max(1, Math.min(MAX_RAMP_ROUNDS, (targets + RAMP_STEP - 1) / RAMP_STEP));
    }

    /** Sets the entry's timer for its next due time, rounded up to Vert.x' whole milliseconds (a tick never comes early). */
    private void wakeUpWhenDue(Scheduled entry) {
        long delayMs = Math.max(1, -Math.floorDiv(nanoTime.getAsLong() - entry.nextDueNanos, TimeUnit.MILLISECONDS.toNanos(1)));
        entry.timerId = vertx.setTimer(delayMs, timerId -> onTick(entry));
        if (closed) {
            vertx.cancelTimer(entry.timerId); // close() ran while this timer was being set
        }
    }

    private void onTick(Scheduled entry) {
        if (closed) {
            return;
        }
        long now = nanoTime.getAsLong();
        // Only this target's timer touches nextDueNanos, and one timer never runs twice at once.
        long lateness = Math.max(0, now - entry.nextDueNanos);
        long missed = lateness / entry.intervalNanos;
        entry.nextDueNanos += (missed + 1) * entry.intervalNanos;
        wakeUpWhenDue(entry);
        if (missed > 0) {
            missedTicks.addAndGet(missed);
        }
        if (now >= judgedFromNanos) {
            boolean late = lateness - missed * entry.intervalNanos > entry.intervalNanos / LATE_DIVISOR;
            recentTicks.record(now, missed + 1, missed + (late ? 1 : 0)); // a missed tick counts as a late one
        }
        if (!entry.inFlight.compareAndSet(false, true)) {
            skippedTicks.incrementAndGet();
            if (LOG.isDebugEnabled()) {
                LOG.debugf("check of %s still running at its next tick, tick skipped (%d skipped so far)", entry.target.name(),
                        skippedTicks.get());
            }
            return;
        }
        entry.check.observe(entry.target).subscribe().with(
                observations -> {
                    entry.completed(nanoTime.getAsLong());
                    for (int i = 0; i < observations.size(); i++) {
                        Observation observation = observations.get(i);
                        deliver(observation.target(), observation.outcome());
                    }
                },
                failure -> {
                    // Checks recover their own failures; this is a bug in a check, still reported as a result.
                    entry.completed(nanoTime.getAsLong());
                    deliver(entry.target, CheckOutcome.down(0, "check failed: " + failure));
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

    /** Ticks dropped because their whole interval passed before they could start (a pause of the process). */
    public long missedTicks() {
        return missedTicks.get();
    }

    /** Results the sink refused with an exception (a sink that counts its own refusals does not throw). */
    public long droppedResults() {
        return droppedResults.get();
    }

    /** Punctuality now: overdue targets, late ticks of the last minute, skipped and missed ticks. */
    public CheckLoopStatus status() {
        long now = nanoTime.getAsLong();
        List<String> overdue = new ArrayList<>();
        int overdueCount = 0;
        for (Scheduled entry : scheduled) {
            if (entry.overdueAt(now)) {
                overdueCount++;
                if (overdue.size() < CheckLoopStatus.MAX_NAMED) {
                    overdue.add(entry.target.name());
                }
            }
        }
        return new CheckLoopStatus(scheduled.size(), overdue, overdueCount, recentTicks.counts(now), skippedTicks.get(),
                missedTicks.get());
    }

    /** Stops every timer; checks in flight finish on their own. */
    @Override
    public void close() {
        closed = true;
        scheduled.forEach(entry -> vertx.cancelTimer(entry.timerId));
        scheduled.clear();
    }

    /** One target on its timer: when its next tick is due, whether a check runs, when one last completed. */
    private static final class Scheduled {

        final CheckTarget target;
        final Check check;
        final long intervalNanos;
        /** Two lost ticks in a row and the time a check may take: beyond it the target is overdue. */
        final long overdueAfterNanos;
        final AtomicBoolean inFlight = new AtomicBoolean();
        long nextDueNanos;
        volatile long timerId;
        /** Last completion, or the first tick's due time until the first check completes. */
        volatile long lastProgressNanos;

        Scheduled(CheckTarget target, Check check, long firstDueNanos, long intervalNanos) {
            this.target = target;
            this.check = check;
            this.intervalNanos = intervalNanos;
            this.overdueAfterNanos = 2 * intervalNanos + target.timeout().toNanos();
            this.nextDueNanos = firstDueNanos;
            this.lastProgressNanos = firstDueNanos;
        }

        void completed(long nowNanos) {
            lastProgressNanos = nowNanos;
            inFlight.set(false);
        }

        boolean overdueAt(long nowNanos) {
            return nowNanos - lastProgressNanos > overdueAfterNanos;
        }
    }
}
