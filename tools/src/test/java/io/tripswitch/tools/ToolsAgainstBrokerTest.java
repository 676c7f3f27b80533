package io.tripswitch.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.events.GroupState;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ToolsAgainstBrokerTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldCreateTheContractTopicsWithRegionHealthCompacted() throws Exception {
        // given a broker without topics
        Captured out = new Captured();
        Captured err = new Captured();

        // when
        int exit = CreateTopics.run(new String[] {"--bootstrap", kafka.bootstrapServers(), "--partitions", "2",
                "--replication-factor", "1", "--allow-single-replica"}, out.stream, err.stream);

        // then
        assertThat(exit).as(err.text()).isZero();
        assertThat(out.text()).contains("tripswitch.region-health cleanup.policy=compact", "tripswitch.decisions cleanup.policy=delete");
        try (Admin admin = kafka.admin()) {
            // A broker's metadata follows the controller's by a few milliseconds: wait for the new topics to show.
            List<String> contract = Topics.DEFAULT.all().stream().map(t -> t.name()).toList();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!admin.listTopics().names().get().containsAll(contract) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(admin.listTopics().names().get()).containsAll(contract);
            ConfigResource regionHealth = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEFAULT.regionHealth.name());
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(regionHealth)).all().get();
            assertThat(configs.get(regionHealth).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(admin.describeTopics(List.of(regionHealth.name())).allTopicNames().get().get(regionHealth.name()).partitions()).hasSize(2);
        }
        // and a second run changes nothing and still succeeds
        assertThat(CreateTopics.run(new String[] {"--bootstrap", kafka.bootstrapServers(), "--replication-factor", "1",
                "--allow-single-replica"}, new Captured().stream, err.stream)).isZero();
    }

    @Test
    void shouldCreateEveryTopicWithItsMinInsyncReplicasAndNoUncleanLeaderElection() throws Exception {
        // given
        Topics topics = new Topics("isr.");
        Captured err = new Captured();

        // when
        int exit = CreateTopics.run(new String[] {"--bootstrap", kafka.bootstrapServers(), "--prefix", "isr.",
                "--replication-factor", "1", "--min-insync-replicas", "1", "--allow-single-replica"}, new Captured().stream, err.stream);

        // then
        assertThat(exit).as(err.text()).isZero();
        assertThat(err.text()).as("nothing existed, so nothing differs").isEmpty();
        try (Admin admin = kafka.admin()) {
            List<ConfigResource> resources = topics.all().stream()
                    .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic.name())).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            assertThat(configs).hasSize(topics.all().size());
            configs.forEach((resource, config) -> {
                assertThat(config.get("min.insync.replicas").source()).as(resource.name())
                        .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
                assertThat(config.get("min.insync.replicas").value()).as(resource.name()).isEqualTo("1");
                assertThat(config.get("unclean.leader.election.enable").source()).as(resource.name())
                        .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
                assertThat(config.get("unclean.leader.election.enable").value()).as(resource.name()).isEqualTo("false");
            });
        }
    }

    @Test
    void shouldRefuseASingleReplicaWithoutTheAllowFlagNamingTheOption() throws Exception {
        Captured err = new Captured();

        int exit = CreateTopics.run(new String[] {"--bootstrap", kafka.bootstrapServers(), "--prefix", "single.",
                "--replication-factor", "1"}, new Captured().stream, err.stream);

        assertThat(exit).isEqualTo(64);
        assertThat(err.text()).startsWith("--replication-factor is 1").contains("set --allow-single-replica");
        try (Admin admin = kafka.admin()) {
            assertThat(admin.listTopics().names().get()).noneMatch(name -> name.startsWith("single."));
        }
    }

    @Test
    void shouldRefuseMoreInSyncReplicasThanReplicas() {
        Captured err = new Captured();

        int exit = CreateTopics.run(new String[] {"--bootstrap", kafka.bootstrapServers(), "--prefix", "isr-above.",
                "--replication-factor", "1", "--min-insync-replicas", "2", "--allow-single-replica"}, new Captured().stream, err.stream);

        assertThat(exit).isEqualTo(64);
        assertThat(err.text()).startsWith("--min-insync-replicas (2) must not exceed --replication-factor (1)");
    }

    @Test
    void shouldFailOnAOneBrokerClusterWithTheProductionDefaults() {
        Captured err = new Captured();

        int exit = CreateTopics.run(new String[] {"--bootstrap", kafka.bootstrapServers(), "--prefix", "prod."},
                new Captured().stream, err.stream);

        assertThat(exit).isEqualTo(1);
        assertThat(err.text()).startsWith("cannot create topics: cannot create topic prod.").contains("replication factor");
    }

    @Test
    void shouldWarnAboutExistingTopicsReplicatedOtherwiseAndLeaveThemAlone() throws Exception {
        // given the contract's topics with one replica, one in sync
        Topics topics = new Topics("existing.");
        assertThat(CreateTopics.run(new String[] {"--bootstrap", kafka.bootstrapServers(), "--prefix", "existing.",
                "--replication-factor", "1", "--allow-single-replica"}, new Captured().stream, new Captured().stream)).isZero();
        Captured err = new Captured();

        // when the production settings are asked for
        int exit = CreateTopics.run(new String[] {"--bootstrap", kafka.bootstrapServers(), "--prefix", "existing."},
                new Captured().stream, err.stream);

        // then each topic's two differences are named, and the topics are as they were
        assertThat(exit).as(err.text()).isZero();
        assertThat(err.text().lines().toList())
                .hasSize(2 * topics.all().size())
                .contains("warning: existing.decisions: replication factor 1, configured 3 (left as is)",
                        "warning: existing.decisions: min.insync.replicas 1, configured 2 (left as is)");
        try (Admin admin = kafka.admin()) {
            ConfigResource decisions = new ConfigResource(ConfigResource.Type.TOPIC, topics.decisions.name());
            assertThat(admin.describeConfigs(List.of(decisions)).all().get().get(decisions).get("min.insync.replicas").value())
                    .isEqualTo("1");
            assertThat(admin.describeTopics(List.of(decisions.name())).allTopicNames().get().get(decisions.name())
                    .partitions()).allSatisfy(partition -> assertThat(partition.replicas()).hasSize(1));
        }
    }

    @Test
    void shouldPrintAProducedGroupStateAsOneJsonLineKeyedByGroup() throws Exception {
        // given a group state on its topic
        kafka.withContractTopics(Topics.DEFAULT, 1);
        GroupState state = GroupState.newBuilder().setGroup("app").setActiveRegion("rbx").setEpoch(2L).setFrozen(false)
                .setHoldDownUntil(null).setLastDecisionId("d-1").setUpdatedAt(Instant.parse("2026-01-02T03:04:05Z")).build();
        try (KafkaProducer<String, GroupState> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Topics.DEFAULT.groupState.keySerde().serializer(), Topics.DEFAULT.groupState.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.DEFAULT.groupState.name(), "app", state)).get();
        }
        Captured out = new Captured();
        Captured err = new Captured();

        // when
        int exit = Tail.run(new String[] {"--bootstrap", kafka.bootstrapServers(), "--topic", "tripswitch.group-state",
                "--from-beginning", "--count", "1", "--timeout-ms", "60000", "--filter", "\"activeRegion\": \"rbx\""}, out.stream, err.stream);

        // then
        assertThat(exit).as(err.text()).isZero();
        assertThat(out.text().lines().toList()).singleElement().satisfies(line -> {
            assertThat(line).matches("\\d{13} app \\{.*\\}");
            assertThat(line).contains("\"activeRegion\": \"rbx\"", "\"epoch\": 2", "\"updatedAt\": \"2026-01-02T03:04:05Z\"", "\"holdDownUntil\": null");
        });
        assertThat(err.text()).contains("tail: ready topic=tripswitch.group-state");
    }

    @Test
    void shouldExitWithTwoWhenNoMatchingRecordArrivesBeforeTheTimeout() {
        // given a topic with no decisions
        kafka.withContractTopics(Topics.DEFAULT, 1);

        // when
        int exit = Tail.run(new String[] {"--bootstrap", kafka.bootstrapServers(), "--topic", "tripswitch.decisions",
                "--count", "1", "--timeout-ms", "1500"}, new Captured().stream, new Captured().stream);

        // then
        assertThat(exit).isEqualTo(Tail.EXIT_TIMEOUT);
    }

    @Test
    void shouldRefuseATopicOutsideTheContract() {
        Captured err = new Captured();

        int exit = Tail.run(new String[] {"--bootstrap", kafka.bootstrapServers(), "--topic", "orders"}, new Captured().stream, err.stream);

        assertThat(exit).isEqualTo(64);
        assertThat(err.text()).contains("'orders' is not a topic of the Tripswitch contract");
    }

    /** A PrintStream whose text a test can read. */
    private static final class Captured {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
