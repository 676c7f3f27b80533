package io.tripswitch.decision;

import io.quarkus.runtime.StartupEvent;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigValidator;
import io.tripswitch.schemas.TopicProvisioner;
import io.tripswitch.schemas.TopicReplication;
import io.tripswitch.schemas.Topics;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs before Kafka Streams starts: stops the service on a bad {@code tripswitch.yaml} or bad topic replication
 * settings (the message names the key), then creates the contract topics that are missing so a fresh broker works
 * (existing ones are left alone; where their replication differs from the settings, a warning says how).
 */
@ApplicationScoped
public class DecisionServiceStartup {

    private static final Logger LOG = Logger.getLogger(DecisionServiceStartup.class);

    static final String REPLICATION_FACTOR = "decision.topics.replication-factor";
    static final String MIN_INSYNC_REPLICAS = "decision.topics.min-insync-replicas";
    static final String ALLOW_SINGLE_REPLICA = "decision.topics.allow-single-replica";
    static final String STREAMS_REPLICATION_FACTOR = "kafka-streams.replication.factor";
    static final String STREAMS_MIN_INSYNC_REPLICAS = "kafka-streams.topic.min.insync.replicas";

    private final TripswitchConfig config;
    private final String bootstrapServers;
    private final boolean provisionTopics;
    private final int partitions;
    private final TopicSettings topicSettings;

    /** The replication settings as configured, checked at start (so a bad value stops the service, not the bean). */
    record TopicSettings(int replicationFactor, int minInsyncReplicas, boolean allowSingleReplica,
            Optional<String> streamsReplicationFactor, Optional<String> streamsMinInsyncReplicas) {

        /**
         * The validated replication of the contract topics, which Kafka Streams' internal topics (changelogs,
         * repartitions) must share: a changelog on one replica would lose the decision state with its broker.
         *
         * @throws IllegalArgumentException naming the key
         */
        TopicReplication validated() {
            TopicReplication replication = TopicReplication.of(replicationFactor, minInsyncReplicas, allowSingleReplica,
                    new TopicReplication.Keys(REPLICATION_FACTOR, MIN_INSYNC_REPLICAS, ALLOW_SINGLE_REPLICA + "=true"));
            requireSame(STREAMS_REPLICATION_FACTOR, streamsReplicationFactor, REPLICATION_FACTOR, replication.replicationFactor());
            requireSame(STREAMS_MIN_INSYNC_REPLICAS, streamsMinInsyncReplicas, MIN_INSYNC_REPLICAS, replication.minInsyncReplicas());
            return replication;
        }

        private static void requireSame(String streamsKey, Optional<String> streamsValue, String key, short value) {
            if (streamsValue.isEmpty() || !streamsValue.get().trim().equals(Short.toString(value))) {
                throw new IllegalArgumentException(streamsKey + " is " + streamsValue.orElse("not set") + ", " + key
                        + " is " + value + ": Kafka Streams' internal topics must be replicated as the contract's"
                        + " (leave " + streamsKey + " as application.properties sets it, from " + key + ")");
            }
        }
    }

    public DecisionServiceStartup(TripswitchConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "decision.topics.provision", defaultValue = "true") boolean provisionTopics,
            @ConfigProperty(name = "decision.topics.partitions", defaultValue = "3") int partitions,
            @ConfigProperty(name = REPLICATION_FACTOR, defaultValue = "3") int replicationFactor,
            @ConfigProperty(name = MIN_INSYNC_REPLICAS, defaultValue = "2") int minInsyncReplicas,
            @ConfigProperty(name = ALLOW_SINGLE_REPLICA, defaultValue = "false") boolean allowSingleReplica,
            @ConfigProperty(name = STREAMS_REPLICATION_FACTOR) Optional<String> streamsReplicationFactor,
            @ConfigProperty(name = STREAMS_MIN_INSYNC_REPLICAS) Optional<String> streamsMinInsyncReplicas) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.provisionTopics = provisionTopics;
        this.partitions = partitions;
        this.topicSettings = new TopicSettings(replicationFactor, minInsyncReplicas, allowSingleReplica,
                streamsReplicationFactor, streamsMinInsyncReplicas);
    }

    // Before the Kafka Streams extension's own startup observer (default priority), which waits for the input topics.
    void onStart(@Observes @Priority(1) StartupEvent event) {
        TripswitchConfigValidator.requireValid(config);
        TopicReplication replication = topicSettings.validated();
        if (provisionTopics) {
            Topics topics = new Topics(config.topicPrefix());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
                TopicProvisioner.ensureTopics(admin, topics, partitions, replication)
                        .forEach(difference -> LOG.warnf("contract topic not as configured: %s", difference));
            }
            LOG.infof("contract topics present on %s (prefix %s, replication factor %d, min.insync.replicas %d)",
                    bootstrapServers, config.topicPrefix(), replication.replicationFactor(), replication.minInsyncReplicas());
        }
    }
}
