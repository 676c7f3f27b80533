package io.tripswitch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads a lab's topics from the host (KAFKA_BOOTSTRAP of its lab.env). */
final class LabTopics {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    private LabTopics() {
    }

    /** Every committed record of the topic, from the beginning to the end offsets taken at the call. */
    static <V> List<V> readAll(Map<String, String> env, Topic<String, V> topic) {
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("KAFKA_BOOTSTRAP"),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<V> values = new ArrayList<>();
            long deadline = System.nanoTime() + WITHIN.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read %s to its end", topic.name()).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            return values;
        }
    }
}
