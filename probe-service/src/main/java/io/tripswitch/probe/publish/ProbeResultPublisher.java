package io.tripswitch.probe.publish;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tripswitch.events.CheckType;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.probe.check.CheckOutcome;
import io.tripswitch.probe.check.CheckTarget;
import io.tripswitch.probe.schedule.ResultSink;
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
 * Turns check outcomes into ProbeResult events on the probe-results topic: keyed by the target region,
 * with CloudEvents headers and the observation time as the record timestamp. This is the one place where
 * {@code seq} is assigned, at the moment the result is handed to the emitter, so results of one probe
 * carry contiguous numbers in the order they were published.
 */
public final class ProbeResultPublisher implements ResultSink {

    private static final Logger LOG = Logger.getLogger(ProbeResultPublisher.class);

    private final Emitter<ProbeResult> emitter;
    private final String probeId;
    private final String observer;
    private final String topic;
    private final String source;
    private final Clock clock;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong failedDeliveries = new AtomicLong();
    private long nextSeq;

    /**
     * @param firstSeq   seq of the first result; see {@link #firstSeqAt(Clock)} for why it is not 0
     * @param maxPending results handed to the emitter and not yet acknowledged by Kafka beyond which new results are
     *                   refused (before they get a seq), so an unreachable Kafka costs bounded memory
     */
    public ProbeResultPublisher(Emitter<ProbeResult> emitter, String probeId, String observer, String topic, Clock clock,
            long firstSeq, int maxPending) {
        this.emitter = emitter;
        this.probeId = probeId;
        this.observer = observer;
        this.topic = topic;
        this.source = "tripswitch/probe/" + probeId;
        this.clock = clock;
        this.nextSeq = firstSeq;
        this.maxPending = maxPending;
    }

    /**
     * A first seq above anything the same probe id published in an earlier run: the start time in
     * microseconds. A restarted probe so never reuses a seq (a consumer that drops seq ≤ last seen as
     * duplicates keeps working), as long as it published fewer than a million results a second.
     */
    public static long firstSeqAt(Clock clock) {
        return Math.multiplyExact(clock.millis(), 1000L);
    }

    /** Publishes one result; throws {@link IllegalStateException}, without using a seq, when it cannot take it. */
    @Override
    public synchronized void accept(CheckTarget target, CheckOutcome outcome) {
        if (pending.get() >= maxPending) {
            throw new IllegalStateException(maxPending + " results still wait for Kafka, result refused");
        }
        // Millisecond precision: what the Avro timestamp keeps, so ce_time and observedAt agree.
        Instant observedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long seq = nextSeq;
        ProbeResult result = ProbeResult.newBuilder()
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
                .build();
        pending.incrementAndGet();
        try {
            emitter.send(message(result, eventId(seq)));
        } catch (RuntimeException e) {
            // Not taken: the seq is not used and stays contiguous.
            pending.decrementAndGet();
            throw e;
        }
        nextSeq = seq + 1;
    }

    private Message<ProbeResult> message(ProbeResult result, String eventId) {
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(result.getRegion())
                .withTimestamp(result.getObservedAt())
                .withHeaders(new RecordHeaders(CloudEventHeaders.of("ProbeResult", eventId, source, result.getObservedAt())))
                .build();
        return Message.of(result, Metadata.of(kafka),
                () -> {
                    pending.decrementAndGet();
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    pending.decrementAndGet();
                    long failed = failedDeliveries.incrementAndGet();
                    LOG.errorf("ProbeResult seq %d of %s could not be delivered to %s (%d failed so far): %s",
                            result.getSeq(), probeId, topic, failed, failure.getMessage());
                    return CompletableFuture.completedFuture(null);
                });
    }

    private String eventId(long seq) {
        return probeId + "-" + seq;
    }

    /** Results handed to the emitter and not yet acknowledged or failed by Kafka. */
    public int pending() {
        return pending.get();
    }

    /** Results Kafka did not take after the producer's own retries (each leaves a gap in seq). */
    public long failedDeliveries() {
        return failedDeliveries.get();
    }
}
