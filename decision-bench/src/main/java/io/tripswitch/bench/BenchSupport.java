package io.tripswitch.bench;

import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigLoader;
import io.tripswitch.decision.topology.DecisionSettings;
import io.tripswitch.decision.topology.DecisionTopology;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.schemas.TopicProvisioner;
import io.tripswitch.schemas.TopicReplication;
import io.tripswitch.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/** What both benchmarks share: arguments, the broker, the decision-service's own topology and Streams settings. */
final class BenchSupport {

    private BenchSupport() {
    }

    /** {@code --name value} arguments with defaults. */
    record Args(Map<String, String> values) {

        static Args parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                values.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
            return new Args(values);
        }

        int integer(String name, int fallback) {
            return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
        }

        String string(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }
    }

    /** A broker: the one given by {@code --bootstrap}, else a real one-node KRaft broker started in this JVM. */
    static final class Broker implements AutoCloseable {
        private final AutoCloseable owned;
        final String bootstrap;

        private Broker(AutoCloseable owned, String bootstrap) {
            this.owned = owned;
            this.bootstrap = bootstrap;
        }

        static Broker from(Args args) {
            String given = args.string("bootstrap", "");
            if (!given.isEmpty()) {
                return new Broker(null, given);
            }
            io.tripswitch.testkit.EmbeddedKafka kafka = io.tripswitch.testkit.EmbeddedKafka.start();
            return new Broker(kafka, kafka.bootstrapServers());
        }

        void createTopics(Topics topics, int partitions) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicProvisioner.ensureTopics(admin, topics, partitions, TopicReplication.SINGLE_REPLICA);
            }
        }

        @Override
        public void close() throws Exception {
            if (owned != null) {
                owned.close();
            }
        }
    }

    /** The decision-service's settings from a tripswitch.yaml, exactly as the service derives them. */
    static DecisionSettings settings(Path yaml, String topicPrefix) {
        TripswitchConfig config = TripswitchConfigLoader.load(yaml, Map.of("tripswitch.topic-prefix", topicPrefix));
        return DecisionSettings.from(config);
    }

    /** The production Streams settings of application.properties (exactly_once_v2, 100 ms commits, timeouts). */
    static KafkaStreams streams(DecisionSettings settings, String bootstrap, String applicationId, Path stateDir, int threads) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1500);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 10000);
        return new KafkaStreams(DecisionTopology.build(settings), props);
    }

    static KafkaProducer<String, ProbeResult> producer(String bootstrap, Topics topics) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024);
        return new KafkaProducer<>(props, topics.probeResults.keySerde().serializer(), topics.probeResults.valueSerde().serializer());
    }

    /** Writes a tripswitch.yaml: regions × endpoints on unroutable loopback URLs (never fetched: the bench produces the results). */
    static Path yaml(Path dir, List<String> regions, int endpointsPerRegion, List<String> observers, String extraPolicy) throws IOException {
        StringBuilder yaml = new StringBuilder("tripswitch:\n  regions:\n");
        int port = 20000;
        for (String region : regions) {
            yaml.append("    ").append(region).append(":\n      endpoints:\n");
            for (int e = 0; e < endpointsPerRegion; e++) {
                yaml.append("        - id: ").append(endpoint(e)).append("\n          url: http://127.0.0.1:").append(port++).append("/health\n");
            }
        }
        yaml.append("  observers: [").append(String.join(", ", observers)).append("]\n");
        yaml.append("  groups:\n    app:\n      regions: [").append(String.join(", ", regions)).append("]\n");
        yaml.append("  policy:\n    interval: 1s\n    fall: 3\n    rise: 2\n").append(extraPolicy);
        Path file = dir.resolve("tripswitch.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    static String endpoint(int index) {
        return String.format("e%03d", index);
    }

    /** The value at quantile q (0..1) of the samples, nearest-rank. */
    static long percentile(long[] samples, double q) {
        if (samples.length == 0) {
            return -1;
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
