package io.tripswitch.actuator.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic once, up to the end offsets it has when the read starts, with a consumer of its own (no consumer
 * group, nothing committed, committed records only): what a starting actuator must know before it acts.
 */
final class TopicSnapshot {

    private TopicSnapshot() {
    }

    /** Every record of {@code topic}, in order within each partition. */
    static void fromBeginning(String bootstrapServers, String clientId, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        read(bootstrapServers, clientId, topic, null, each);
    }

    /** Every record of {@code topic} with a timestamp at or after {@code since}, in order within each partition. */
    static void since(String bootstrapServers, String clientId, String topic, Instant since, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        read(bootstrapServers, clientId, topic, since, each);
    }

    private static void read(String bootstrapServers, String clientId, String topic, Instant since,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = kafka.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            kafka.assign(partitions);
            Map<TopicPartition, Long> end = kafka.endOffsets(partitions);
            if (since == null) {
                kafka.seekToBeginning(partitions);
            } else {
                Map<TopicPartition, Long> query = new HashMap<>();
                partitions.forEach(partition -> query.put(partition, since.toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> first = kafka.offsetsForTimes(query);
                // no record that recent in a partition: nothing to read there
                partitions.forEach(partition -> kafka.seek(partition, first.get(partition) != null ? first.get(partition).offset() : end.get(partition)));
            }
            while (!end.entrySet().stream().allMatch(e -> kafka.position(e.getKey()) >= e.getValue())) {
                kafka.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }
}
