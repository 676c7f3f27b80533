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
        int exit = CreateTopics.run(new String[] {"--bootstrap", kafka.bootstrapServers(), "--partitions", "2"}, out.stream, err.stream);

        // then
        assertThat(exit).as(err.text()).isZero();
        assertThat(out.text()).contains("tripswitch.region-health cleanup.policy=compact", "tripswitch.decisions cleanup.policy=delete");
        try (Admin admin = kafka.admin()) {
            assertThat(admin.listTopics().names().get()).containsAll(Topics.DEFAULT.all().stream().map(t -> t.name()).toList());
            ConfigResource regionHealth = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEFAULT.regionHealth.name());
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(regionHealth)).all().get();
            assertThat(configs.get(regionHealth).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(admin.describeTopics(List.of(regionHealth.name())).allTopicNames().get().get(regionHealth.name()).partitions()).hasSize(2);
        }
        // and a second run changes nothing and still succeeds
        assertThat(CreateTopics.run(new String[] {"--bootstrap", kafka.bootstrapServers()}, new Captured().stream, err.stream)).isZero();
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
