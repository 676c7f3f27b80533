package io.tripswitch.probe.publish;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tripswitch.events.ReplicationLag;
import io.tripswitch.events.StoreKind;
import io.tripswitch.probe.lag.LagReading;
import io.tripswitch.probe.schedule.LagSink;
import io.tripswitch.schemas.CloudEventHeaders;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Turns lag readings into ReplicationLag events on the replication-lag topic: keyed by the replica region, with
 * CloudEvents headers and the observation time as the record timestamp. Numbers them with their own contiguous
 * {@code seq} (separate from the probe results'), assigned when a reading is handed to the emitter, like
 * {@link ProbeResultPublisher}; refuses readings beyond a bound of unacknowledged ones so an unreachable Kafka costs
 * bounded memory.
 */
public final class ReplicationLagPublisher implements LagSink {

    private static final Logger LOG = Logger.getLogger(ReplicationLagPublisher.class);

    private final Emitter<ReplicationLag> emitter;
    private final String probeId;
    private final String observer;
    private final String topic;
    private final String source;
    private final Clock clock;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong failedDeliveries = new AtomicLong();
    private final long firstSeq;
    private volatile long nextSeq;

    /**
     * @param firstSeq   seq of the first reading, {@link ProbeResultPublisher#firstSeqAt(Clock)} (above any earlier run's)
     * @param maxPending readings handed to the emitter and not yet acknowledged by Kafka beyond which new ones are refused
     */
    public ReplicationLagPublisher(Emitter<ReplicationLag> emitter, String probeId, String observer, String topic, Clock clock,
            long firstSeq, int maxPending) {
        this.emitter = emitter;
        this.probeId = probeId;
        this.observer = observer;
        this.topic = topic;
        this.source = "tripswitch/probe/" + probeId;
        this.clock = clock;
        this.firstSeq = firstSeq;
        this.nextSeq = firstSeq;
        this.maxPending = maxPending;
    }

    /** Publishes one reading; throws {@link IllegalStateException}, without using a seq, when it cannot take it. */
    @Override
    public synchronized void accept(LagReading reading) {
        if (pending.get() >= maxPending) {
            throw new IllegalStateException(maxPending + " lag readings still wait for Kafka, reading refused");
        }
        // Millisecond precision: what the Avro timestamp keeps, so ce_time and observedAt agree.
        Instant observedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long seq = nextSeq;
        ReplicationLag event = ReplicationLag.newBuilder()
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
                .build();
        pending.incrementAndGet();
        try {
            emitter.send(message(event, probeId + "-lag-" + seq));
        } catch (RuntimeException e) {
            // Not taken: the seq is not used and stays contiguous.
            pending.decrementAndGet();
            throw e;
        }
        nextSeq = seq + 1;
    }

    private Message<ReplicationLag> message(ReplicationLag event, String eventId) {
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(event.getReplicaRegion())
                .withTimestamp(event.getObservedAt())
                .withHeaders(new RecordHeaders(CloudEventHeaders.of("ReplicationLag", eventId, source, event.getObservedAt())))
                .build();
        return Message.of(event, Metadata.of(kafka),
                () -> {
                    pending.decrementAndGet();
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    pending.decrementAndGet();
                    long failed = failedDeliveries.incrementAndGet();
                    LOG.errorf("ReplicationLag seq %d of %s could not be delivered to %s (%d failed so far): %s",
                            event.getSeq(), probeId, topic, failed, failure.getMessage());
                    return CompletableFuture.completedFuture(null);
                });
    }

    /** Readings handed to the emitter and not yet acknowledged or failed by Kafka. */
    public int pending() {
        return pending.get();
    }

    /** Readings handed to the emitter with a seq since start (acknowledged, failed or pending). */
    public long sent() {
        return nextSeq - firstSeq;
    }

    /** Readings Kafka did not take after the producer's own retries (each leaves a gap in seq). */
    public long failedDeliveries() {
        return failedDeliveries.get();
    }
}
