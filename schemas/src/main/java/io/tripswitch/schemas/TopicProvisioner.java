package io.tripswitch.schemas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the contract's topics that do not exist yet, with their cleanup policies, the replication asked for,
 * {@code min.insync.replicas} and no unclean leader election. Existing topics are never altered: where one differs
 * from what was asked, a warning says how, for an operator to decide (changing replication moves data).
 */
public final class TopicProvisioner {

    private static final long TIMEOUT_S = 30;

    private TopicProvisioner() {
    }

    /** The configs a contract topic is created with: its own (cleanup policy…) plus the replication guarantees. */
    public static Map<String, String> creationConfigs(Topic<?, ?> topic, TopicReplication replication) {
        Map<String, String> configs = new HashMap<>(topic.configs());
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Short.toString(replication.minInsyncReplicas()));
        configs.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false");
        return Map.copyOf(configs);
    }

    /**
     * Creates the missing topics and checks the existing ones.
     *
     * @return one line per way an existing topic differs from {@code replication} (empty when none does)
     */
    public static List<String> ensureTopics(Admin admin, Topics topics, int partitions, TopicReplication replication) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.all().stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> new NewTopic(topic.name(), Optional.of(partitions),
                            Optional.of(replication.replicationFactor())).configs(creationConfigs(topic, replication)))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).values().forEach(TopicProvisioner::awaitCreated);
            }
            List<String> present = topics.all().stream().map(Topic::name).filter(existing::contains).toList();
            return present.isEmpty() ? List.of() : differences(admin, present, replication);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check topics: " + (e.getCause() != null ? e.getCause() : e).getMessage(), e);
        }
    }

    private static void awaitCreated(String name, KafkaFuture<Void> future) {
        try {
            future.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name + ": no answer in " + TIMEOUT_S + " s", e);
        }
    }

    private static List<String> differences(Admin admin, Collection<String> names, TopicReplication replication)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
        List<ConfigResource> resources = names.stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        List<String> differences = new ArrayList<>();
        for (String name : names) {
            int factor = descriptions.get(name).partitions().stream()
                    .mapToInt(partition -> partition.replicas().size()).min().orElse(0);
            if (factor != replication.replicationFactor()) {
                differences.add(name + ": replication factor " + factor + ", configured "
                        + replication.replicationFactor() + " (left as is)");
            }
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
            String minInsync = value(config, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            if (!Short.toString(replication.minInsyncReplicas()).equals(minInsync)) {
                differences.add(name + ": min.insync.replicas " + minInsync + ", configured "
                        + replication.minInsyncReplicas() + " (left as is)");
            }
            if (!"false".equals(value(config, TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG))) {
                differences.add(name + ": unclean.leader.election.enable is not false (left as is)");
            }
        }
        differences.sort(Comparator.naturalOrder());
        return List.copyOf(differences);
    }

    private static String value(Config config, String key) {
        ConfigEntry entry = config == null ? null : config.get(key);
        return entry == null ? null : entry.value();
    }
}
