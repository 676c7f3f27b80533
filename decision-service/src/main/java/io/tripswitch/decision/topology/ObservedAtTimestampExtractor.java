package io.tripswitch.decision.topology;

import io.tripswitch.events.ProbeResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a probe result is when the probe observed it ({@code observedAt}), not when it reached Kafka.
 * A record that could not be decoded keeps its Kafka timestamp: it only travels to the dead-letter topic.
 */
public final class ObservedAtTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof Decoded<?> decoded && decoded.value() instanceof ProbeResult result) {
            return result.getObservedAt().toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }
}
