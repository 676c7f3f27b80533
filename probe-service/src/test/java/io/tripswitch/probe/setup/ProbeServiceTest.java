package io.tripswitch.probe.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tripswitch.events.CheckType;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.probe.testing.HealthServer;
import io.tripswitch.probe.testing.HealthServerResource;
import io.tripswitch.probe.testing.TopicCollector;
import io.tripswitch.schemas.CloudEventHeaders;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import io.tripswitch.testkit.KafkaBrokerResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe as deployed: real Kafka broker, real HTTP endpoints, config from a tripswitch.yaml. The probe
 * runs as observer rbx and checks gra (two endpoints) and rbx (one), every 300 ms.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(HealthServerResource.class)
class ProbeServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GRA_APP1 = "/gra/app1/health";
    private static TopicCollector<ProbeResult> collector;

    EmbeddedKafka kafka;
    HealthServer server;

    @TestHTTPResource("/q/health/ready")
    URI readiness;

    @BeforeEach
    void collectProbeResults() {
        if (collector == null) {
            collector = new TopicCollector<>(kafka.bootstrapServers(), Topics.DEFAULT.probeResults);
        }
    }

    @AfterAll
    static void stopCollecting() throws InterruptedException {
        if (collector != null) {
            collector.close();
            collector = null;
        }
    }

    @Test
    void shouldPublishResultsOfEveryEndpointOfEveryRegionKeyedByTargetRegion() {
        // when the probe has run for a while, then every endpoint of both regions was seen UP
        await().atMost(WAIT).untilAsserted(() -> assertThat(collector.records())
                .anyMatch(result("gra", "app1", ProbeStatus.UP))
                .anyMatch(result("gra", "app2", ProbeStatus.UP))
                .anyMatch(result("rbx", "app1", ProbeStatus.UP)));

        // and every result is keyed by its target region and says who observed it
        assertThat(collector.records()).allSatisfy(record -> {
            ProbeResult value = record.value();
            assertThat(record.key()).isEqualTo(value.getRegion());
            assertThat(value.getObserver()).isEqualTo("rbx");
            assertThat(value.getProbeId()).isEqualTo("probe-rbx");
            assertThat(value.getCheck()).isEqualTo(CheckType.HTTP);
            assertThat(value.getIntervalMs()).isEqualTo(300);
            assertThat(value.getLatencyMs()).isNotNegative();
        });
        // and gra app1 was asked with its configured Host header
        assertThat(server.hostHeadersSeen(GRA_APP1)).isNotEmpty().containsOnly("primary.example.com");
    }

    @Test
    void shouldReportAnEndpointDownOnceItAnswers503() {
        // given gra app1 seen UP
        await().atMost(WAIT).untilAsserted(() -> assertThat(collector.records()).anyMatch(result("gra", "app1", ProbeStatus.UP)));

        try {
            // when it starts failing
            server.answer(GRA_APP1, 503);

            // then it is reported DOWN with the status as detail
            await().atMost(WAIT).untilAsserted(() -> assertThat(collector.records()).anyMatch(result("gra", "app1", ProbeStatus.DOWN)));
            List<ProbeResult> graApp1 = bySeq(collector.records()).stream()
                    .filter(value -> value.getRegion().equals("gra") && value.getEndpoint().equals("app1")).toList();
            ProbeResult firstDown = graApp1.stream().filter(value -> value.getStatus() == ProbeStatus.DOWN).findFirst().orElseThrow();
            assertThat(firstDown.getDetail()).isEqualTo("HTTP 503");
            assertThat(graApp1.stream().filter(value -> value.getSeq() < firstDown.getSeq()))
                    .isNotEmpty().allMatch(value -> value.getStatus() == ProbeStatus.UP);
            assertThat(graApp1.stream().filter(value -> value.getSeq() > firstDown.getSeq()))
                    .allMatch(value -> value.getStatus() == ProbeStatus.DOWN);

            // and the other endpoints stay UP meanwhile
            await().atMost(WAIT).untilAsserted(() -> assertThat(collector.records().stream().map(ConsumerRecord::value)
                    .filter(value -> value.getSeq() > firstDown.getSeq() && value.getRegion().equals("rbx")))
                    .isNotEmpty()
                    .allMatch(value -> value.getStatus() == ProbeStatus.UP));
        } finally {
            server.answer(GRA_APP1, 200);
        }
    }

    @Test
    void shouldNumberResultsContiguouslyFromTheFirstOne() {
        // when the probe has published a few rounds of results, then their seq numbers have neither gaps nor repeats
        await().atMost(WAIT).untilAsserted(() -> {
            List<ProbeResult> results = bySeq(collector.records());
            assertThat(results).hasSizeGreaterThanOrEqualTo(20);
            long first = results.get(0).getSeq();
            assertThat(results).extracting(ProbeResult::getSeq)
                    .containsExactlyElementsOf(LongStream.range(first, first + results.size()).boxed().toList());
        });

        // and the lowest seq is the first result published
        List<ProbeResult> results = bySeq(collector.records());
        assertThat(results.get(0).getObservedAt()).isBeforeOrEqualTo(results.get(results.size() - 1).getObservedAt());
        assertThat(results).isSortedAccordingTo(Comparator.comparing(ProbeResult::getObservedAt));
    }

    @Test
    void shouldCarryCloudEventsHeadersOnEveryResult() {
        // given some results
        await().atMost(WAIT).untilAsserted(() -> assertThat(collector.records()).hasSizeGreaterThanOrEqualTo(5));

        // then each carries the CloudEvents binary-mode headers, and observedAt as record timestamp
        assertThat(collector.records()).allSatisfy(record -> {
            ProbeResult value = record.value();
            assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("io.tripswitch.ProbeResult");
            assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("tripswitch/probe/probe-rbx");
            assertThat(header(record, CloudEventHeaders.ID)).isEqualTo("probe-rbx-" + value.getSeq());
            assertThat(header(record, CloudEventHeaders.TIME)).isEqualTo(value.getObservedAt().toString());
            assertThat(record.timestamp()).isEqualTo(value.getObservedAt().toEpochMilli());
        });
    }

    @Test
    void shouldBeReadyWhenKafkaIsReachable() {
        HttpClient client = HttpClient.newHttpClient();
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(readiness).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"status\": \"UP\"").contains("probe-results");
        });
    }

    private static Predicate<ConsumerRecord<String, ProbeResult>> result(String region, String endpoint, ProbeStatus status) {
        return record -> record.value().getRegion().equals(region) && record.value().getEndpoint().equals(endpoint)
                && record.value().getStatus() == status;
    }

    private static List<ProbeResult> bySeq(List<ConsumerRecord<String, ProbeResult>> records) {
        return records.stream().map(ConsumerRecord::value).sorted(Comparator.comparingLong(ProbeResult::getSeq)).toList();
    }

    private static String header(ConsumerRecord<String, ProbeResult> record, String key) {
        Header header = record.headers().lastHeader(key);
        assertThat(header).as("header %s", key).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
