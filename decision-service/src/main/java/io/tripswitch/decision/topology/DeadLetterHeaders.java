package io.tripswitch.decision.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Adds to a rejected record the reason and its origin, as headers, before it goes to the dead-letter topic.
 * Header names are those of Kafka Streams' own dead-letter queue (KIP-1034), so moving to it later changes
 * nothing for readers of the topic.
 */
final class DeadLetterHeaders<T> implements FixedKeyProcessor<String, Decoded<T>, Decoded<T>> {

    static final String EXCEPTION = "__streams.errors.exception";
    static final String MESSAGE = "__streams.errors.message";
    static final String TOPIC = "__streams.errors.topic";
    static final String PARTITION = "__streams.errors.partition";
    static final String OFFSET = "__streams.errors.offset";

    private FixedKeyProcessorContext<String, Decoded<T>> context;

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded<T>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Decoded<T>> record) {
        Headers headers = record.headers();
        put(headers, EXCEPTION, "io.tripswitch.decision.RejectedInput");
        put(headers, MESSAGE, record.value().problem());
        context.recordMetadata().ifPresent(origin -> {
            put(headers, TOPIC, origin.topic());
            put(headers, PARTITION, Integer.toString(origin.partition()));
            put(headers, OFFSET, Long.toString(origin.offset()));
        });
        context.forward(record);
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
