package io.tripswitch.decision.ha;

import io.tripswitch.config.TripswitchConfigLoader;
import io.tripswitch.decision.topology.DecisionSettings;
import io.tripswitch.decision.topology.DecisionTopology;
import java.nio.file.Path;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Decision-service instances outside Quarkus: the topology from {@link DecisionTopology#build}, the settings from the
 * test's tripswitch.yaml, and the Streams settings of application.properties (exactly_once_v2, session timeout,
 * transaction timeout, standby replicas), each instance with its own state directory.
 */
public final class StreamsInstances {

    public static final String APPLICATION_ID = "tripswitch-decision-ha-test";
    public static final Path TEST_YAML = Path.of("src/test/resources/tripswitch-test.yaml");

    // Strong references: the log manager keeps levels only on loggers that are still referenced.
    private static final Logger ROOT = Logger.getLogger("");
    private static final Logger KAFKA = Logger.getLogger("org.apache.kafka");
    private static final Logger KAFKA_SERVER = Logger.getLogger("kafka");

    private StreamsInstances() {
    }

    /** Outside Quarkus the log manager starts at ALL and would format every TRACE line of Kafka. */
    public static void quietLogging() {
        ROOT.setLevel(Level.INFO);
        KAFKA.setLevel(Level.WARNING);
        KAFKA_SERVER.setLevel(Level.WARNING);
    }

    public static DecisionSettings settings() {
        return DecisionSettings.from(TripswitchConfigLoader.load(TEST_YAML.toAbsolutePath()));
    }

    public static Properties props(String bootstrap, Path stateDir, int standbyReplicas, String applicationServer) {
        return props(APPLICATION_ID, bootstrap, stateDir, standbyReplicas, applicationServer);
    }

    public static Properties props(String applicationId, String bootstrap, Path stateDir, int standbyReplicas, String applicationServer) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1500);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 10000);
        return props;
    }

    public static KafkaStreams create(String bootstrap, Path stateDir, int standbyReplicas, String applicationServer) {
        return new KafkaStreams(DecisionTopology.build(settings()), props(bootstrap, stateDir, standbyReplicas, applicationServer));
    }
}
