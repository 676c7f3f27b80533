package io.tripswitch.probe.schedule;

import io.tripswitch.config.TripswitchConfig.StoreKind;
import io.tripswitch.probe.lag.LagProbe;
import io.tripswitch.probe.lag.LagReading;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Measures every store's replication lag at the lag interval, on Vert.x timers. Stores start at offsets spread
 * over the interval (no synchronized bursts against the databases); a measurement that has not answered within
 * the timeout is published as {@code healthy=false, detail "timeout"} for each of the store's replicas; a store
 * still being measured at its next tick is not measured twice (the tick is skipped and counted).
 */
public final class LagScheduler implements AutoCloseable {

    static final String TIMEOUT = "timeout";

    private static final Logger LOG = Logger.getLogger(LagScheduler.class);

    private final Vertx vertx;
    private final LagSink sink;
    private final Duration interval;
    private final Duration timeout;
    private final List<Long> timers = new CopyOnWriteArrayList<>();
    private final AtomicLong skippedTicks = new AtomicLong();
    private final AtomicLong droppedReadings = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();

    public LagScheduler(Vertx vertx, LagSink sink, Duration interval, Duration timeout) {
        this.vertx = vertx;
        this.sink = sink;
        this.interval = interval;
        this.timeout = timeout;
    }

    /**
     * One store to measure.
     *
     * @param probe          measures it
     * @param kind           kind of store, for the readings made here (timeouts)
     * @param sourceByReplica each replica region and the region it copies from, for the readings made here
     */
    public record MeasuredStore(LagProbe probe, StoreKind kind, Map<String, String> sourceByReplica) {

        public MeasuredStore {
            sourceByReplica = Map.copyOf(sourceByReplica);
        }
    }

    /** Starts measuring; {@code seed} shifts the offsets so two probes do not hit a database at the same instant. */
    public void start(List<MeasuredStore> stores, long seed) {
        offsets(stores.stream().map(store -> store.probe().store()).toList(), interval, seed).forEach((id, offset) -> {
            MeasuredStore store = stores.stream().filter(candidate -> candidate.probe().store().equals(id)).findFirst().orElseThrow();
            AtomicBoolean inFlight = new AtomicBoolean();
            Map<String, String> lastSource = new ConcurrentHashMap<>(store.sourceByReplica());
            long initialDelayMs = Math.max(1, offset.toMillis());
            timers.add(vertx.setPeriodic(initialDelayMs, Math.max(1, interval.toMillis()), tick -> measureOnce(store, inFlight, lastSource)));
        });
    }

    /** Each store's delay before its first measurement, in [0, interval): evenly spread in store id order, shifted by the seed. */
    public static Map<String, Duration> offsets(List<String> storeIds, Duration interval, long seed) {
        List<String> sorted = new ArrayList<>(storeIds);
        sorted.sort(Comparator.naturalOrder());
        Map<String, Duration> offsets = new LinkedHashMap<>();
        if (sorted.isEmpty()) {
            return offsets;
        }
        long intervalNanos = interval.toNanos();
        long stepNanos = Math.max(1, intervalNanos / sorted.size());
        long phaseNanos = Math.floorMod(seed, stepNanos);
        for (int i = 0; i < sorted.size(); i++) {
            offsets.put(sorted.get(i), Duration.ofNanos((i * stepNanos + phaseNanos) % intervalNanos));
        }
        return offsets;
    }

    private void measureOnce(MeasuredStore store, AtomicBoolean inFlight, Map<String, String> lastSource) {
        // Cleared only when the probe's own Uni ends, not at the timeout: two measurements of a store never overlap.
        if (!inFlight.compareAndSet(false, true)) {
            long skipped = skippedTicks.incrementAndGet();
            LOG.debugf("lag of store %s still being measured at its next tick, tick skipped (%d skipped so far)",
                    store.probe().store(), skipped);
            return;
        }
        AtomicBoolean answered = new AtomicBoolean();
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
            if (answered.compareAndSet(false, true)) {
                timeouts.incrementAndGet();
                LOG.warnf("lag of store %s not measured within %d ms", store.probe().store(), timeout.toMillis());
                lastSource.forEach((replica, source) ->
                        deliver(LagReading.broken(store.probe().store(), store.kind(), source, replica, TIMEOUT)));
            }
        });
        store.probe().measure().subscribe().with(
                readings -> {
                    inFlight.set(false);
                    vertx.cancelTimer(timer);
                    if (answered.compareAndSet(false, true)) {
                        readings.forEach(reading -> {
                            lastSource.put(reading.replicaRegion(), reading.sourceRegion());
                            deliver(reading);
                        });
                    }
                },
                failure -> {
                    // Probes recover their own failures; this is a bug in a probe, still reported as readings.
                    inFlight.set(false);
                    vertx.cancelTimer(timer);
                    if (answered.compareAndSet(false, true)) {
                        lastSource.forEach((replica, source) -> deliver(LagReading.broken(store.probe().store(), store.kind(), source,
                                replica, "probe failed: " + failure)));
                    }
                });
    }

    private void deliver(LagReading reading) {
        try {
            sink.accept(reading);
        } catch (RuntimeException e) {
            long dropped = droppedReadings.incrementAndGet();
            LOG.warnf("lag reading of %s/%s dropped (%d dropped so far): %s", reading.store(), reading.replicaRegion(), dropped,
                    e.getMessage());
        }
    }

    /** Ticks skipped because the store's previous measurement was still running. */
    public long skippedTicks() {
        return skippedTicks.get();
    }

    /** Measurements that did not answer within the lag timeout (each published as a "timeout" reading per replica). */
    public long timeouts() {
        return timeouts.get();
    }

    /** Readings the sink refused. */
    public long droppedReadings() {
        return droppedReadings.get();
    }

    @Override
    public void close() {
        timers.forEach(vertx::cancelTimer);
        timers.clear();
    }
}
