package io.tripswitch.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tripswitch.decision.api.StreamsReadinessCheck;
import io.tripswitch.events.CheckType;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import io.tripswitch.testkit.KafkaBrokerResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

/** The packaged service against a real broker: probe results of an outage in, one decision out. */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = FreshStateDirResource.class, restrictToAnnotatedClass = true)
class DecisionServiceTest {

    private static final Topics TOPICS = Topics.DEFAULT;

    EmbeddedKafka kafka;

    @Inject
    @Readiness
    StreamsReadinessCheck readiness;

    private final Map<String, Long> seqByProbe = new HashMap<>();

    @Test
    void shouldPublishExactlyOneDecisionWhenRbxSeesGraFailing() {
        List<FailoverDecision> decisions = new ArrayList<>();
        try (KafkaProducer<String, ProbeResult> producer = producer(); KafkaConsumer<String, FailoverDecision> consumer = consumer()) {
            consumer.subscribe(List.of(TOPICS.decisions.name()));
            // given rbx healthy as seen from gra, when gra's endpoints fail as seen from rbx (every ~300 ms, like a probe)
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
                probeRound(producer);
                consumer.poll(Duration.ofMillis(100)).forEach(record -> decisions.add(record.value()));
                return !decisions.isEmpty();
            });
            // and the outage goes on for a while longer
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < until) {
                probeRound(producer);
                consumer.poll(Duration.ofMillis(300)).forEach(record -> decisions.add(record.value()));
            }
        }
        // then the service is ready (Kafka Streams RUNNING), and exactly one decision was taken: gra -> rbx, epoch 1
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(decisions).singleElement().satisfies(decision -> {
            assertThat(decision.getGroup()).isEqualTo("app");
            assertThat(decision.getEpoch()).isEqualTo(1L);
            assertThat(decision.getActiveRegion()).isEqualTo("rbx");
            assertThat(decision.getPreviousRegion()).isEqualTo("gra");
        });
    }

    @Test
    void shouldCreateKafkaStreamsInternalTopicsWithTheConfiguredMinInsyncReplicasAndNoUncleanLeaderElection() throws Exception {
        // given the service started (its internal topics are created when Kafka Streams starts)
        try (Admin admin = kafka.admin()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> !internalTopics(admin).isEmpty());

            // when
            List<ConfigResource> resources = internalTopics(admin).stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();

            // then each carries the test profile's decision.topics.min-insync-replicas (1) and no unclean election, set on the topic
            assertThat(configs).isNotEmpty().allSatisfy((resource, config) -> {
                assertThat(config.get("min.insync.replicas").source()).as(resource.name()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
                assertThat(config.get("min.insync.replicas").value()).as(resource.name()).isEqualTo("1");
                assertThat(config.get("unclean.leader.election.enable").source()).as(resource.name())
                        .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
                assertThat(config.get("unclean.leader.election.enable").value()).as(resource.name()).isEqualTo("false");
            });
        }
    }

    private static List<String> internalTopics(Admin admin) throws Exception {
        return admin.listTopics().names().get().stream()
                .filter(name -> name.startsWith("tripswitch-decision-") && name.endsWith("-changelog")).sorted().toList();
    }

    private void probeRound(KafkaProducer<String, ProbeResult> producer) {
        for (String endpoint : List.of("app1", "app2")) {
            // Each probe checks every region, its own too: once gra is DOWN, rbx's own view is what vouches for rbx.
            send(producer, "gra", "rbx", endpoint, ProbeStatus.UP);
            send(producer, "rbx", "rbx", endpoint, ProbeStatus.UP);
            send(producer, "rbx", "gra", endpoint, ProbeStatus.DOWN);
        }
        producer.flush();
    }

    private void send(KafkaProducer<String, ProbeResult> producer, String observer, String region, String endpoint, ProbeStatus status) {
        String probeId = "probe-" + observer;
        long seq = seqByProbe.merge(probeId, 1L, Long::sum);
        producer.send(new ProducerRecord<>(TOPICS.probeResults.name(), region, new ProbeResult(probeId, observer, region, endpoint,
                CheckType.HTTP, status, 2, null, Instant.now(), seq, 1000)));
    }

    private KafkaProducer<String, ProbeResult> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(props, TOPICS.probeResults.keySerde().serializer(), TOPICS.probeResults.valueSerde().serializer());
    }

    private KafkaConsumer<String, FailoverDecision> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "decision-service-test");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, TOPICS.decisions.keySerde().deserializer(), TOPICS.decisions.valueSerde().deserializer());
    }
}
