package io.tripswitch.decision;

import io.quarkus.runtime.StartupEvent;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigValidator;
import io.tripswitch.schemas.TopicProvisioner;
import io.tripswitch.schemas.Topics;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs before Kafka Streams starts: stops the service on a bad {@code tripswitch.yaml} (the message names the
 * key), then creates the contract topics that are missing so a fresh broker works (existing ones are left alone).
 */
@ApplicationScoped
public class DecisionServiceStartup {

    private static final Logger LOG = Logger.getLogger(DecisionServiceStartup.class);

    private final TripswitchConfig config;
    private final String bootstrapServers;
    private final boolean provisionTopics;
    private final int partitions;
    private final short replicationFactor;

    public DecisionServiceStartup(TripswitchConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "decision.topics.provision", defaultValue = "true") boolean provisionTopics,
            @ConfigProperty(name = "decision.topics.partitions", defaultValue = "3") int partitions,
            @ConfigProperty(name = "decision.topics.replication-factor", defaultValue = "1") short replicationFactor) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.provisionTopics = provisionTopics;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    // Before the Kafka Streams extension's own startup observer (default priority), which waits for the input topics.
    void onStart(@Observes @Priority(1) StartupEvent event) {
        TripswitchConfigValidator.requireValid(config);
        if (provisionTopics) {
            Topics topics = new Topics(config.topicPrefix());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
                TopicProvisioner.ensureTopics(admin, topics, partitions, replicationFactor);
            }
            LOG.infof("contract topics present on %s (prefix %s)", bootstrapServers, config.topicPrefix());
        }
    }
}
