package io.tripswitch.probe.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.probe.publish.ProbeResultPublisher;
import io.tripswitch.probe.setup.ProbeService;
import io.tripswitch.probe.testing.HealthServerResource;
import io.tripswitch.probe.testing.ServiceEndpoints;
import io.tripswitch.probe.testing.ShortDeliveryTimeoutResource;
import io.tripswitch.probe.testing.TopicCollector;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import io.tripswitch.testkit.KafkaBrokerResource;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The broker stays away longer than the producer's delivery timeout ({@value ShortDeliveryTimeoutResource#DELIVERY_TIMEOUT_MS}
 * ms here): the results waiting for it fail after the producer's own retries.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(HealthServerResource.class)
@QuarkusTestResource(value = ShortDeliveryTimeoutResource.class, restrictToAnnotatedClass = true)
class KafkaDeliveryFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    EmbeddedKafka kafka;

    @Inject
    ProbeService probe;

    @TestHTTPResource("/")
    URI root;

    @Test
    void shouldCountEachFailedDeliveryAsOneGapInSeqAndStayNotReadyForAMinuteWhileStayingAlive() throws Exception {
        ServiceEndpoints service = new ServiceEndpoints(root);
        try (TopicCollector<ProbeResult> collector = new TopicCollector<>(kafka.bootstrapServers(), Topics.DEFAULT.probeResults)) {
            // given results reaching Kafka
            ProbeResultPublisher publisher = await().atMost(WAIT).until(() -> probe.publisher().orElse(null), p -> p != null);
            await().atMost(WAIT).until(() -> seqsOfThisRun(collector, publisher).size() >= 10);

            try {
                // when the broker is away for longer than the delivery timeout
                kafka.stopBroker();

                // then the results that waited for it fail, are counted, and the probe stays alive
                await().atMost(WAIT).until(() -> service.metric("tripswitch_probe_results_failed_total") >= 3);
                assertThat(service.health("/q/health/live").status()).isEqualTo(200);
            } finally {
                kafka.startBroker();
            }

            // and once it is back, publication goes on while readiness says why it is DOWN (for a minute)
            long sentAtRecovery = publisher.sent();
            await().atMost(WAIT).until(() -> publisher.sent() >= sentAtRecovery + 10 && publisher.pending() == 0);
            assertThat(service.health("/q/health/ready").check(ProbeReadiness.NAME)).contains("\"status\": \"DOWN\"")
                    .contains("Kafka refused results after the producer's retries");
            assertThat(service.health("/q/health/live").status()).isEqualTo(200);

            // and each failed delivery is exactly one missing seq; every other result arrived
            long first = publisher.firstSeq();
            long sent = publisher.sent();
            long failed = publisher.failedDeliveries();
            await().atMost(WAIT).untilAsserted(() -> {
                Set<Long> received = seqsOfThisRun(collector, publisher).stream().filter(seq -> seq < first + sent)
                        .collect(Collectors.toCollection(TreeSet::new));
                assertThat(sent - received.size()).as("seqs missing of %d sent", sent).isEqualTo(failed);
            });
            assertThat(service.metric("tripswitch_probe_results_failed_total")).isEqualTo(failed);
        }
    }

    private static Set<Long> seqsOfThisRun(TopicCollector<ProbeResult> collector, ProbeResultPublisher publisher) {
        return collector.records().stream().map(record -> record.value())
                .filter(result -> result.getProbeId().equals("probe-rbx") && result.getSeq() >= publisher.firstSeq())
                .map(ProbeResult::getSeq)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
