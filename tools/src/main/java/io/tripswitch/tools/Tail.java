package io.tripswitch.tools;

import io.tripswitch.schemas.Topic;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints a contract topic's records, one line each: {@code <receivedAtEpochMillis> <key> <json>}.
 * Reads committed records only, without a consumer group (it assigns every partition itself).
 * Exits 0 after {@code --count} matching records or at the end of the topic ({@code --until-end}),
 * 2 when {@code --timeout-ms} passes first, 1 on errors, 64 on bad usage.
 * When its start position is fixed it prints {@code tail: ready} to stderr, so a caller can act after it.
 */
public final class Tail {

    static final String USAGE = "usage: Tail --bootstrap HOST:PORT --topic NAME [--from-beginning] [--until-end]"
            + " [--count N] [--timeout-ms N] [--filter SUBSTRING]";
    static final int EXIT_TIMEOUT = 2;

    private Tail() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the tool; returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CliArgs cli;
        Topic<?, ?> topic;
        try {
            cli = CliArgs.parse(args, Set.of("--bootstrap", "--topic", "--count", "--timeout-ms", "--filter"),
                    Set.of("--from-beginning", "--until-end"));
            cli.required("--bootstrap");
            String topicName = cli.required("--topic");
            topic = TopicCatalogue.byName(topicName)
                    .orElseThrow(() -> new CliArgs.UsageException("'" + topicName + "' is not a topic of the Tripswitch contract"));
            cli.positiveLong("--count", 1);
            cli.positiveLong("--timeout-ms", 1);
        } catch (CliArgs.UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 64;
        }
        try {
            return tail(cli, topic, out, err);
        } catch (RuntimeException e) {
            err.println("tail failed: " + e);
            return 1;
        }
    }

    private static int tail(CliArgs cli, Topic<?, ?> topic, PrintStream out, PrintStream err) {
        long count = cli.positiveLong("--count", Long.MAX_VALUE);
        long deadline = cli.value("--timeout-ms").isPresent()
                ? System.currentTimeMillis() + cli.positiveLong("--timeout-ms", 1) : Long.MAX_VALUE;
        Optional<String> filter = cli.value("--filter");
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cli.required("--bootstrap"));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tripswitch-tail");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic.name(), deadline);
            if (partitions.isEmpty()) {
                err.println("topic " + topic.name() + " does not exist");
                return 1;
            }
            consumer.assign(partitions);
            if (cli.flag("--from-beginning")) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            // Resolve positions now, so records produced after "ready" are never missed.
            partitions.forEach(consumer::position);
            Map<TopicPartition, Long> endOffsets = cli.flag("--until-end") ? consumer.endOffsets(partitions) : Map.of();
            err.println("tail: ready topic=" + topic.name() + " partitions=" + partitions.size());
            err.flush();
            long printed = 0;
            while (true) {
                if (cli.flag("--until-end") && reachedEnd(consumer, endOffsets)) {
                    return 0;
                }
                long remaining = deadline - System.currentTimeMillis();
                if (remaining <= 0) {
                    return EXIT_TIMEOUT;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(Math.min(remaining, 200)))) {
                    long receivedAt = System.currentTimeMillis();
                    String line = receivedAt + " " + JsonRecords.keyText(decodeKey(topic, record)) + " " + decodeValue(topic, record);
                    if (filter.isEmpty() || line.contains(filter.get())) {
                        out.println(line);
                        out.flush();
                        if (++printed >= count) {
                            return 0;
                        }
                    }
                }
            }
        }
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic, long deadline) {
        Duration wait = Duration.ofMillis(Math.max(1000, Math.min(30_000, deadline - System.currentTimeMillis())));
        List<PartitionInfo> infos = consumer.partitionsFor(topic, wait);
        return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> endOffsets) {
        // Under read_committed the position can stop short of the end offset only while a transaction is open.
        return endOffsets.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static Object decodeKey(Topic<?, ?> topic, ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return null;
        }
        try {
            return topic.keySerde().deserializer().deserialize(record.topic(), record.headers(), record.key());
        } catch (RuntimeException e) {
            return record.key();
        }
    }

    private static String decodeValue(Topic<?, ?> topic, ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return "null";
        }
        try {
            return JsonRecords.toJson(topic.valueSerde().deserializer().deserialize(record.topic(), record.headers(), record.value()));
        } catch (RuntimeException e) {
            // One undecodable record must not stop the tail: show it raw, with the reason.
            return "{\"undecodable\": " + JsonRecords.toJson(String.valueOf(e.getMessage())) + ", \"raw\": " + JsonRecords.toJson(record.value()) + "}";
        }
    }
}
