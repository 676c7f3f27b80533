package io.tripswitch.probe.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tripswitch.events.GroupState;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.probe.testing.KnotServerResource;
import io.tripswitch.probe.testing.TopicCollector;
import io.tripswitch.schemas.Topic;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import io.tripswitch.testkit.KafkaBrokerResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The probe as deployed, with a DNS check: real Kafka broker, real Knot server answering rbx's addresses for
 * {@code app.example.test.}. What the check expects follows the GroupState records on {@code tripswitch.group-state}.
 */
@QuarkusTest
@TestProfile(DnsActiveRegionTest.DnsProfile.class)
class DnsActiveRegionTest {

    /** Its own tripswitch.yaml and test resources: a broker and a Knot server, not the HTTP test's. */
    public static class DnsProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.config.locations", "tripswitch-dns-test.yaml");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaBrokerResource.class), new TestResourceEntry(KnotServerResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TopicCollector<ProbeResult> collector;

    EmbeddedKafka kafka;

    @AfterAll
    static void stopCollecting() throws InterruptedException {
        if (collector != null) {
            collector.close();
            collector = null;
        }
    }

    @Test
    void shouldExpectTheAddressesOfTheActiveRegionPublishedOnTheGroupStateTopic() {
        collector = new TopicCollector<>(kafka.bootstrapServers(), Topics.DEFAULT.probeResults);

        // given no group state yet: rbx's addresses are accepted as one region's, the detail saying the active region is unknown
        ConsumerRecord<String, ProbeResult> unknown = awaitDnsResult(0, ProbeStatus.UP);
        assertThat(unknown.value().getDetail()).isEqualTo("127.0.0.12, 127.0.0.13 (rbx's; active region unknown)");

        // when the decision-service's state says gra is active
        publish(groupState("gra", 1));

        // then the same answer is DOWN, naming what was expected and what was seen
        ConsumerRecord<String, ProbeResult> wrong = awaitDnsResult(unknown.value().getSeq(), ProbeStatus.DOWN);
        assertThat(wrong.value().getDetail()).isEqualTo("answer 127.0.0.12, 127.0.0.13 (rbx's); expected active region gra's 127.0.0.11");

        // and when the group fails over to rbx, the answer is right again
        publish(groupState("rbx", 2));
        ConsumerRecord<String, ProbeResult> right = awaitDnsResult(wrong.value().getSeq(), ProbeStatus.UP);
        assertThat(right.value().getDetail()).isEqualTo("127.0.0.12, 127.0.0.13 (active region rbx)");
    }

    /** The first result of the DNS endpoint after {@code afterSeq} with the given status. */
    private static ConsumerRecord<String, ProbeResult> awaitDnsResult(long afterSeq, ProbeStatus status) {
        return await().atMost(WAIT).until(() -> collector.records().stream()
                        .filter(record -> record.value().getEndpoint().equals("app-dns") && record.value().getSeq() > afterSeq
                                && record.value().getStatus() == status)
                        .min((a, b) -> Long.compare(a.value().getSeq(), b.value().getSeq())),
                Optional::isPresent).orElseThrow();
    }

    private static GroupState groupState(String activeRegion, long epoch) {
        return GroupState.newBuilder().setGroup("app").setActiveRegion(activeRegion).setEpoch(epoch).setFrozen(false)
                .setUpdatedAt(Instant.now()).build();
    }

    private void publish(GroupState state) {
        Topic<String, GroupState> topic = Topics.DEFAULT.groupState;
        try (KafkaProducer<String, GroupState> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), state.getGroup(), state)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + state, e);
        }
    }
}
