package io.tripswitch.probe.publish;

import io.tripswitch.events.ReplicationLag;
import io.tripswitch.events.StoreKind;
import io.tripswitch.probe.lag.LagReading;
import io.tripswitch.probe.schedule.LagSink;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Turns lag readings into ReplicationLag events on the replication-lag topic: keyed by the replica region, with
 * CloudEvents headers and the observation time as the record timestamp. Numbers them with their own contiguous
 * {@code seq} (separate from the probe results'), assigned when a reading is handed to the emitter, like
 * {@link ProbeResultPublisher}; refuses readings beyond a bound of unacknowledged ones so an unreachable Kafka costs
 * bounded memory.
 */
public final class ReplicationLagPublisher implements LagSink {

    private final SequencedEmitter<ReplicationLag> out;
    private final String probeId;
    private final String observer;
    private final Clock clock;

    /**
     * @param firstSeq   seq of the first reading, {@link ProbeResultPublisher#firstSeqAt(Clock)} (above any earlier run's)
     * @param maxPending readings handed to the emitter and not yet acknowledged by Kafka beyond which new ones are refused
     */
    public ReplicationLagPublisher(Emitter<ReplicationLag> emitter, String probeId, String observer, String topic, Clock clock,
            long firstSeq, int maxPending) {
        this.out = new SequencedEmitter<>(emitter, "ReplicationLag", probeId + "-lag-", probeId, topic, clock, firstSeq, maxPending);
        this.probeId = probeId;
        this.observer = observer;
        this.clock = clock;
    }

    /** Publishes one reading; throws {@link IllegalStateException}, without using a seq, when it cannot take it. */
    @Override
    public synchronized void accept(LagReading reading) {
        if (out.full()) {
            throw new IllegalStateException(out.maxPending() + " lag readings still wait for Kafka, reading refused");
        }
        // Millisecond precision: what the Avro timestamp keeps, so ce_time and observedAt agree.
        Instant observedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        out.send(reading.replicaRegion(), observedAt, seq -> ReplicationLag.newBuilder()
                .setProbeId(probeId)
                .setObserver(observer)
                .setStore(reading.store())
                .setKind(StoreKind.valueOf(reading.kind().name()))
                .setSourceRegion(reading.sourceRegion())
                .setReplicaRegion(reading.replicaRegion())
                .setLagMs(reading.lagMs().isPresent() ? reading.lagMs().getAsLong() : null)
                .setLagBytes(reading.lagBytes().isPresent() ? reading.lagBytes().getAsLong() : null)
                .setHealthy(reading.healthy())
                .setDetail(reading.detail())
                .setObservedAt(observedAt)
                .setSeq(seq)
                .build());
    }

    /** Readings handed to the emitter and not yet acknowledged or failed by Kafka. */
    public int pending() {
        return out.pending();
    }

    /** Readings handed to the emitter with a seq since start (acknowledged, failed or pending). */
    public long sent() {
        return out.sent();
    }

    /** Readings Kafka did not take after the producer's own retries (each leaves a gap in seq). */
    public long failedDeliveries() {
        return out.failedDeliveries();
    }
}
