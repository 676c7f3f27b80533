package io.tripswitch.testkit;

import io.tripswitch.schemas.TopicProvisioner;
import io.tripswitch.schemas.TopicReplication;
import io.tripswitch.schemas.Topics;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker in KRaft combined mode (one node), started inside the test JVM.
 * Wraps Kafka's own test kit (an internal API) so no other class depends on it.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts a one-node broker with replication factors of 1 and transactions enabled (exactly_once_v2 needs them). */
    public static EmbeddedKafka start() {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    // The test kit's default is an unreleased metadata version.
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-JVM Kafka broker: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Creates every topic of the contract, with its cleanup policy, on this one broker (one replica, one in sync). */
    public EmbeddedKafka withContractTopics(Topics topics, int partitions) {
        try (Admin admin = admin()) {
            TopicProvisioner.ensureTopics(admin, topics, partitions, TopicReplication.SINGLE_REPLICA);
        }
        return this;
    }

    /**
     * Stops the broker (its controller keeps running, its data is kept): clients see Kafka go away, as when a
     * broker dies. {@link #startBroker()} brings it back on the same port.
     */
    public void stopBroker() {
        cluster.brokers().values().forEach(broker -> {
            broker.shutdown();
            broker.awaitShutdown();
        });
    }

    /** Starts the broker {@link #stopBroker()} stopped, on the same port and with the same data, and waits until it is ready. */
    public void startBroker() {
        try {
            cluster.brokers().values().forEach(broker -> broker.startup());
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("cannot restart the in-JVM Kafka broker: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the in-JVM Kafka broker", e);
        }
    }
}
