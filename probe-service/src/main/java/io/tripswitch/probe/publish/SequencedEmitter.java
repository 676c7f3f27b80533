package io.tripswitch.probe.publish;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tripswitch.schemas.CloudEventHeaders;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * What the probe's publishers share: hands events to a SmallRye emitter numbered with a contiguous {@code seq}, as
 * Kafka records with CloudEvents headers and the observation time as timestamp, and counts those Kafka has not
 * acknowledged yet against a bound, so an unreachable Kafka costs bounded memory. A seq is used only once the emitter
 * took the event; a record Kafka finally rejects after the producer's retries leaves a gap, counted and logged.
 * Not thread-safe for sending: each publisher sends under its own lock.
 */
final class SequencedEmitter<T> {

    private static final Logger LOG = Logger.getLogger(SequencedEmitter.class);

    private final Emitter<T> emitter;
    private final String eventType;
    private final String eventIdPrefix;
    private final String source;
    private final String topic;
    private final Clock clock;
    private final int maxPending;
    private final long firstSeq;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong failedDeliveries = new AtomicLong();
    private volatile long nextSeq;
    private volatile long lastFailureMillis = Long.MIN_VALUE;

    /**
     * @param eventType     CloudEvents type suffix (the Avro record's name)
     * @param eventIdPrefix CloudEvents id of each event: this prefix, then its seq
     * @param probeId       the publishing probe, for the CloudEvents source
     * @param firstSeq      seq of the first event, {@link ProbeResultPublisher#firstSeqAt(Clock)}
     * @param maxPending    events handed to the emitter and not yet acknowledged by Kafka beyond which {@link #full()}
     */
    SequencedEmitter(Emitter<T> emitter, String eventType, String eventIdPrefix, String probeId, String topic, Clock clock,
            long firstSeq, int maxPending) {
        if (maxPending <= 0) {
            throw new IllegalArgumentException("maxPending must be positive: " + maxPending);
        }
        this.emitter = emitter;
        this.eventType = eventType;
        this.eventIdPrefix = eventIdPrefix;
        this.source = "tripswitch/probe/" + probeId;
        this.topic = topic;
        this.clock = clock;
        this.maxPending = maxPending;
        this.firstSeq = firstSeq;
        this.nextSeq = firstSeq;
    }

    /** Whether {@code maxPending} events already wait for Kafka: the next one must not be sent. */
    boolean full() {
        return pending.get() >= maxPending;
    }

    /**
     * Sends the event {@code eventForSeq} builds for the next seq, under {@code key}, stamped {@code observedAt}.
     * Throws when the emitter refuses it; the seq is then not used.
     */
    void send(String key, Instant observedAt, LongFunction<T> eventForSeq) {
        long seq = nextSeq;
        T event = eventForSeq.apply(seq);
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withTimestamp(observedAt)
                .withHeaders(new RecordHeaders(CloudEventHeaders.of(eventType, eventIdPrefix + seq, source, observedAt)))
                .build();
        Message<T> message = Message.of(event, Metadata.of(kafka),
                () -> {
                    pending.decrementAndGet();
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    pending.decrementAndGet();
                    lastFailureMillis = clock.millis();
                    long failed = failedDeliveries.incrementAndGet();
                    LOG.errorf("%s seq %d (%s) could not be delivered to %s (%d failed so far): %s", eventType, seq, source, topic,
                            failed, failure.getMessage());
                    return CompletableFuture.completedFuture(null);
                });
        pending.incrementAndGet();
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            throw e;
        }
        nextSeq = seq + 1;
    }

    int pending() {
        return pending.get();
    }

    int maxPending() {
        return maxPending;
    }

    long failedDeliveries() {
        return failedDeliveries.get();
    }

    long sent() {
        return nextSeq - firstSeq;
    }

    long firstSeq() {
        return firstSeq;
    }

    long lastFailureMillis() {
        return lastFailureMillis;
    }
}
