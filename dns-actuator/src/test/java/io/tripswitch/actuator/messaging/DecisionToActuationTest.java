package io.tripswitch.actuator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tripswitch.actuator.support.ActuatorLab;
import io.tripswitch.actuator.support.ActuatorLabResource;
import io.tripswitch.actuator.support.Epochs;
import io.tripswitch.events.Actuation;
import io.tripswitch.events.ActuationOutcome;
import io.tripswitch.events.DecisionAction;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.schemas.CloudEventHeaders;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import io.tripswitch.testkit.KafkaBrokerResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service as deployed: decisions produced on the real topic of a real broker, a real Knot and a
 * real HAProxy switched, Actuations read back from {@code tripswitch.actuations}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ActuatorLabResource.class)
class DecisionToActuationTest {

    private static final String DNS_TARGET = "dns:rfc2136:example.test./app";
    private static final String HAPROXY_TARGET = "haproxy:gra-lb/app";
    private static final String APP = "app.example.test.";
    private static final Duration WAIT = Duration.ofSeconds(60);

    EmbeddedKafka kafka;
    ActuatorLab lab;

    private KafkaProducer<String, FailoverDecision> producer;
    private KafkaConsumer<String, Actuation> consumer;
    private final List<ConsumerRecord<String, Actuation>> actuations = new ArrayList<>();

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), Topics.DEFAULT.decisions.valueSerde().serializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringDeserializer(), Topics.DEFAULT.actuations.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEFAULT.actuations.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    @AfterEach
    void disconnect() {
        producer.close();
        consumer.close();
    }

    @Test
    void shouldSwitchDnsAndHaproxyToTheDecidedRegionAndReportApplied() throws Exception {
        // given traffic on gra
        settle(decide(Epochs.next(), "gra"));
        assertThat(lab.knot().addressesOf(APP)).containsExactly("127.0.10.1");
        assertThat(lab.haproxy().get()).isEqualTo("region=gra");

        // when
        FailoverDecision toRbx = decide(Epochs.next(), "rbx");

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(lab.haproxy().get()).isEqualTo("region=rbx"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(lab.knot().addressesOf(APP)).containsExactly("127.0.20.1"));
        assertThat(Files.readAllLines(lab.haproxy().mapFile())).contains("app app_rbx");
        List<ConsumerRecord<String, Actuation>> records = settle(toRbx);
        // each target changed once, at the first attempt; a resync racing the decision (every 1 s here) may add an
        // ALREADY_IN_STATE for the same decision, which is true and harmless
        assertThat(records).filteredOn(r -> r.value().getOutcome() == ActuationOutcome.APPLIED)
                .extracting(r -> r.value().getTarget(), r -> r.value().getAttempt())
                .containsExactlyInAnyOrder(tuple(DNS_TARGET, 1), tuple(HAPROXY_TARGET, 1));
        assertThat(records).extracting(r -> r.value().getOutcome()).isSubsetOf(ActuationOutcome.APPLIED, ActuationOutcome.ALREADY_IN_STATE);
        assertThat(records).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo("app");
            assertThat(record.value().getEpoch()).isEqualTo(toRbx.getEpoch());
            assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("io.tripswitch.Actuation");
            assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(header(record, CloudEventHeaders.ID)).isNotBlank();
        });
    }

    @Test
    void shouldRejectADecisionWithAnOlderEpochAndChangeNothing() {
        // given traffic on rbx at epoch n
        long epoch = Epochs.skip(2);
        settle(decide(epoch, "rbx"));

        // when a decision from epoch n-1 arrives late
        FailoverDecision stale = decide(epoch - 1, "gra");

        // then
        assertThat(settle(stale)).extracting(r -> r.value().getTarget(), r -> r.value().getOutcome())
                .containsExactlyInAnyOrder(
                        tuple(DNS_TARGET, ActuationOutcome.REJECTED),
                        tuple(HAPROXY_TARGET, ActuationOutcome.REJECTED));
        assertThat(lab.knot().addressesOf(APP)).containsExactly("127.0.20.1");
        assertThat(lab.haproxy().get()).isEqualTo("region=rbx");
    }

    @Test
    void shouldRejectARegionTheConfigurationDoesNotListAndLeaveDnsAlone() {
        // given traffic on gra
        settle(decide(Epochs.next(), "gra"));

        // when a decision names a region with no addresses configured
        FailoverDecision forged = decide(Epochs.next(), "sbg");

        // then
        List<ConsumerRecord<String, Actuation>> records = settle(forged);
        assertThat(records).extracting(r -> r.value().getOutcome()).containsOnly(ActuationOutcome.REJECTED).hasSize(2);
        assertThat(records.get(0).value().getDetail()).contains("sbg");
        assertThat(lab.knot().addressesOf(APP)).containsExactly("127.0.10.1");
        assertThat(lab.haproxy().get()).isEqualTo("region=gra");
    }

    @Test
    void shouldSkipAnUndecodableRecordAndApplyTheNextDecision() {
        // given garbage on the decisions topic
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.DEFAULT.decisions.name(), "app", "not avro".getBytes(StandardCharsets.UTF_8)));
        }

        // when a valid decision follows on the same partition
        FailoverDecision next = decide(Epochs.next(), "rbx");

        // then it is still applied
        assertThat(settle(next)).extracting(r -> r.value().getOutcome())
                .isSubsetOf(ActuationOutcome.APPLIED, ActuationOutcome.ALREADY_IN_STATE);
        assertThat(lab.knot().addressesOf(APP)).containsExactly("127.0.20.1");
    }

    private FailoverDecision decide(long epoch, String region) {
        FailoverDecision decision = FailoverDecision.newBuilder()
                .setDecisionId(UUID.randomUUID().toString())
                .setGroup("app")
                .setEpoch(epoch)
                .setAction(DecisionAction.OPERATOR)
                .setActiveRegion(region)
                .setPreviousRegion("gra")
                .setStandbyRegions(List.of())
                .setReason("test")
                .setOperator("test")
                .setEvidence(List.of())
                .setDecidedAt(Instant.now())
                .build();
        try {
            producer.send(new ProducerRecord<>(Topics.DEFAULT.decisions.name(), "app", decision)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce the decision", e);
        }
        return decision;
    }

    /**
     * Waits until both targets have a final (non-FAILED) outcome for the decision; returns those actuations, which may
     * include a racing resync's ALREADY_IN_STATE for the same decision.
     */
    private List<ConsumerRecord<String, Actuation>> settle(FailoverDecision decision) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(actuations::add);
            return finalOutcomes(decision).stream().map(r -> r.value().getTarget()).distinct().count() == 2;
        });
        return finalOutcomes(decision);
    }

    private List<ConsumerRecord<String, Actuation>> finalOutcomes(FailoverDecision decision) {
        return actuations.stream()
                .filter(r -> r.value().getDecisionId().equals(decision.getDecisionId()))
                .filter(r -> r.value().getOutcome() != ActuationOutcome.FAILED)
                .collect(Collectors.toList());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
