package io.tripswitch.probe.publish;

import io.tripswitch.events.CheckType;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.probe.check.CheckOutcome;
import io.tripswitch.probe.check.CheckTarget;
import io.tripswitch.probe.schedule.ResultSink;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Turns check outcomes into ProbeResult events on the probe-results topic: keyed by the target region,
 * with CloudEvents headers and the observation time as the record timestamp. This is the one place where
 * {@code seq} is assigned, at the moment the result is handed to the emitter, so results of one probe
 * carry contiguous numbers in the order they were published.
 *
 * <p>While Kafka is away, results wait in memory up to {@code maxPending}; beyond that a new result is
 * dropped before it gets a seq and counted ({@link #dropped()}), so drops never leave a gap in seq: they
 * show as missing observations of their endpoints. A gap in seq means a record Kafka did not take after
 * the producer's own retries ({@link #failedDeliveries()}), one missing seq per failure.
 */
public final class ProbeResultPublisher implements ResultSink {

    private static final Logger LOG = Logger.getLogger(ProbeResultPublisher.class);
    static final long DROP_WARNING_EVERY_MS = 10_000;

    private final SequencedEmitter<ProbeResult> out;
    private final String probeId;
    private final String observer;
    private final Clock clock;
    private final AtomicLong dropped = new AtomicLong();
    private volatile long lastDropMillis = Long.MIN_VALUE;
    private long lastDropWarningMillis = Long.MIN_VALUE;
    private long droppedAtLastWarning;

    /**
     * @param firstSeq   seq of the first result; see {@link #firstSeqAt(Clock)} for why it is not 0
     * @param maxPending results handed to the emitter and not yet acknowledged by Kafka beyond which new results are
     *                   dropped (before they get a seq), so an unreachable Kafka costs bounded memory
     */
    public ProbeResultPublisher(Emitter<ProbeResult> emitter, String probeId, String observer, String topic, Clock clock,
            long firstSeq, int maxPending) {
        this.out = new SequencedEmitter<>(emitter, "ProbeResult", probeId + "-", probeId, topic, clock, firstSeq, maxPending);
        this.probeId = probeId;
        this.observer = observer;
        this.clock = clock;
    }

    /**
     * A first seq above anything the same probe id published in an earlier run: the start time in
     * microseconds. A restarted probe so never reuses a seq (a consumer that drops seq ≤ last seen as
     * duplicates keeps working), as long as it published fewer than a million results a second.
     */
    public static long firstSeqAt(Clock clock) {
        return Math.multiplyExact(clock.millis(), 1000L);
    }

    /**
     * Publishes one result, or drops and counts it, without using a seq, when {@code maxPending} results already wait
     * for Kafka. Drops are logged at most once per {@link #DROP_WARNING_EVERY_MS} (a line per drop would flood the log
     * during an outage). Throws only when the emitter itself refuses the result (no seq used either).
     */
    @Override
    public synchronized void accept(CheckTarget target, CheckOutcome outcome) {
        if (out.full()) {
            drop();
            return;
        }
        // Millisecond precision: what the Avro timestamp keeps, so ce_time and observedAt agree.
        Instant observedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        out.send(target.region(), observedAt, seq -> ProbeResult.newBuilder()
                .setProbeId(probeId)
                .setObserver(observer)
                .setRegion(target.region())
                .setEndpoint(target.endpoint())
                .setCheck(CheckType.valueOf(target.kind().name()))
                .setStatus(outcome.up() ? ProbeStatus.UP : ProbeStatus.DOWN)
                .setLatencyMs(outcome.latencyMs())
                .setDetail(outcome.detail())
                .setObservedAt(observedAt)
                .setSeq(seq)
                .setIntervalMs((int) Math.min(Integer.MAX_VALUE, target.interval().toMillis()))
                .build());
    }

    private void drop() {
        long count = dropped.incrementAndGet();
        long now = clock.millis();
        lastDropMillis = now;
        if (lastDropWarningMillis == Long.MIN_VALUE || now - lastDropWarningMillis >= DROP_WARNING_EVERY_MS) {
            LOG.warnf("%d results wait for Kafka (the bound tripswitch.probe.max-pending-results): %d results dropped since "
                    + "the last warning, %d in all", out.maxPending(), count - droppedAtLastWarning, count);
            lastDropWarningMillis = now;
            droppedAtLastWarning = count;
        }
    }

    /** Results handed to the emitter and not yet acknowledged or failed by Kafka. */
    public int pending() {
        return out.pending();
    }

    /** Results Kafka did not take after the producer's own retries (each leaves a gap in seq). */
    public long failedDeliveries() {
        return out.failedDeliveries();
    }

    /** Results dropped because {@link #maxPending()} results already waited for Kafka (they got no seq). */
    public long dropped() {
        return dropped.get();
    }

    /** Results handed to the emitter with a seq since start (acknowledged, failed or pending). */
    public long sent() {
        return out.sent();
    }

    /** Seq of the first result of this run. */
    public long firstSeq() {
        return out.firstSeq();
    }

    /** The bound on {@link #pending()}. */
    public int maxPending() {
        return out.maxPending();
    }

    /** Wall-clock millis of the last drop, {@link Long#MIN_VALUE} if none. */
    public long lastDropMillis() {
        return lastDropMillis;
    }

    /** Wall-clock millis of the last failed delivery, {@link Long#MIN_VALUE} if none. */
    public long lastFailureMillis() {
        return out.lastFailureMillis();
    }
}
