package io.tripswitch.probe.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.probe.publish.ProbeResultPublisher;
import io.tripswitch.probe.schedule.CheckLoopStatus;
import io.tripswitch.probe.setup.ProbeService;
import io.tripswitch.probe.testing.HealthServerResource;
import io.tripswitch.probe.testing.TopicCollector;
import io.tripswitch.probe.testing.ServiceEndpoints;
import io.tripswitch.probe.testing.SmallPendingBoundResource;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import io.tripswitch.testkit.KafkaBrokerResource;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The broker goes away and comes back (same port, same data) while the probe checks three endpoints every 300 ms,
 * with at most {@value SmallPendingBoundResource#MAX_PENDING} results waiting for Kafka.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(HealthServerResource.class)
@QuarkusTestResource(value = SmallPendingBoundResource.class, restrictToAnnotatedClass = true)
class KafkaOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long INTERVAL_MS = 300;
    private static final String CONNECTOR_READINESS = "SmallRye Reactive Messaging - readiness check";

    EmbeddedKafka kafka;

    @Inject
    ProbeService probe;

    @TestHTTPResource("/")
    URI root;

    @Test
    void shouldBufferUpToTheBoundThenDropAndCountAndDeliverTheBufferedResultsWithContiguousSeqOnceKafkaIsBack() throws Exception {
        ServiceEndpoints service = new ServiceEndpoints(root);
        try (TopicCollector<ProbeResult> collector = new TopicCollector<>(kafka.bootstrapServers(), Topics.DEFAULT.probeResults)) {
            // given results reaching Kafka and a ready probe
            ProbeResultPublisher publisher = await().atMost(WAIT).until(() -> probe.publisher().orElse(null), p -> p != null);
            await().atMost(WAIT).until(() -> ofThisRun(collector, publisher).size() >= 10);
            await().atMost(WAIT).until(() -> service.health("/q/health/ready").status() == 200);

            try {
                // when the broker goes away
                kafka.stopBroker();

                // then the Kafka connector's readiness goes DOWN
                await().atMost(WAIT).untilAsserted(() -> {
                    ServiceEndpoints.Health ready = service.health("/q/health/ready");
                    assertThat(ready.status()).isEqualTo(503);
                    assertThat(ready.check(CONNECTOR_READINESS)).contains("\"status\": \"DOWN\"").contains("probe-results");
                });
                // and results wait up to the bound, then new ones are dropped and counted: metric and health
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(service.metric("tripswitch_probe_results_pending")).isEqualTo(SmallPendingBoundResource.MAX_PENDING);
                    assertThat(service.metric("tripswitch_probe_results_dropped_total")).isGreaterThanOrEqualTo(20);
                    String delivery = service.health("/q/health/ready").check(ProbeReadiness.NAME);
                    assertThat(delivery).contains("\"status\": \"DOWN\"").contains("tripswitch.probe.max-pending-results")
                            .contains("\"pending\": " + SmallPendingBoundResource.MAX_PENDING);
                    assertThat(delivery).doesNotContain("\"dropped\": 0,");
                });
                // and the check loop itself stays alive
                assertThat(service.health("/q/health/live").status()).isEqualTo(200);
            } finally {
                // when the broker comes back on the same port
                kafka.startBroker();
            }

            // then the connector is ready again, the buffered results drain, and the drops are still reported (for a
            // minute after the last one) while nothing is dropped any more
            await().atMost(WAIT).untilAsserted(() -> {
                ServiceEndpoints.Health ready = service.health("/q/health/ready");
                assertThat(ready.check(CONNECTOR_READINESS)).contains("\"status\": \"UP\"");
                assertThat(ready.check(ProbeReadiness.NAME)).contains("\"status\": \"DOWN\"").contains("results were dropped");
                assertThat(publisher.pending()).isLessThan(SmallPendingBoundResource.MAX_PENDING / 2);
            });
            // (a few rounds more, so that every endpoint has a result after its drops and the gap is closed)
            long sentAtRecovery = publisher.sent();
            await().atMost(WAIT).until(() -> publisher.sent() >= sentAtRecovery + 9);
            long dropped = publisher.dropped();
            long sent = publisher.sent();
            CheckLoopStatus loop = probe.checkLoopStatus().orElseThrow();

            // and every result given a seq arrives once: seq contiguous across the outage, no delivery failed
            long first = publisher.firstSeq();
            await().atMost(WAIT).untilAsserted(() -> assertThat(ofThisRun(collector, publisher).stream()
                    .map(ProbeResult::getSeq).filter(seq -> seq < first + sent).toList())
                    .containsExactlyElementsOf(LongStream.range(first, first + sent).boxed().toList()));
            assertThat(publisher.failedDeliveries()).isZero();
            assertThat(service.metric("tripswitch_probe_results_failed_total")).isZero();

            // and the dropped results show as missing observations of their endpoints, not as gaps in seq:
            // every tick of every endpoint is a result with a seq, a drop, a skipped or a missed tick
            List<ProbeResult> received = ofThisRun(collector, publisher).stream().filter(result -> result.getSeq() < first + sent).toList();
            long missingTicks = missingTicks(received);
            long tolerance = Math.max(3, dropped / 10);
            assertThat(missingTicks).as("ticks without a result; %d dropped, %d skipped, %d missed; gaps %s", dropped, loop.skippedTicks(),
                    loop.missedTicks(), gaps(received))
                    .isBetween(dropped - tolerance, dropped + loop.skippedTicks() + loop.missedTicks() + tolerance);
        }
    }

    /**
     * Results of this run, each record once: the collector's consumer may read a partition again after the broker's
     * restart (at-least-once reading), which is told apart from a duplicate publication by the record's offset.
     */
    private static List<ProbeResult> ofThisRun(TopicCollector<ProbeResult> collector, ProbeResultPublisher publisher) {
        Map<String, ProbeResult> byOffset = new java.util.HashMap<>();
        collector.records().forEach(record -> byOffset.put(record.partition() + "@" + record.offset(), record.value()));
        return byOffset.values().stream()
                .filter(result -> result.getProbeId().equals("probe-rbx") && result.getSeq() >= publisher.firstSeq())
                .sorted(Comparator.comparingLong(ProbeResult::getSeq))
                .toList();
    }

    private static String gaps(List<ProbeResult> results) {
        StringBuilder out = new StringBuilder();
        results.stream().collect(Collectors.groupingBy(result -> result.getRegion() + "/" + result.getEndpoint())).forEach((name, list) -> {
            List<ProbeResult> inTime = list.stream().sorted(Comparator.comparing(ProbeResult::getObservedAt)).toList();
            out.append('\n').append(name).append(' ').append(inTime.size()).append(" results:");
            for (int i = 1; i < inTime.size(); i++) {
                long gapMs = inTime.get(i).getObservedAt().toEpochMilli() - inTime.get(i - 1).getObservedAt().toEpochMilli();
                if (gapMs > INTERVAL_MS * 3 / 2) {
                    out.append(' ').append(inTime.get(i - 1).getObservedAt()).append("+").append(gapMs).append("ms(seq ")
                            .append(inTime.get(i - 1).getSeq()).append(')');
                }
            }
        });
        return out.toString();
    }

    /** Per endpoint, the ticks between consecutive observations that brought no result (a gap of 3 intervals = 2 missing). */
    private static long missingTicks(List<ProbeResult> results) {
        Map<String, List<ProbeResult>> byEndpoint = results.stream()
                .collect(Collectors.groupingBy(result -> result.getRegion() + "/" + result.getEndpoint()));
        long missing = 0;
        for (List<ProbeResult> observations : byEndpoint.values()) {
            List<ProbeResult> inTime = observations.stream().sorted(Comparator.comparing(ProbeResult::getObservedAt)).toList();
            for (int i = 1; i < inTime.size(); i++) {
                long gapMs = inTime.get(i).getObservedAt().toEpochMilli() - inTime.get(i - 1).getObservedAt().toEpochMilli();
                missing += Math.max(0, Math.round((double) gapMs / INTERVAL_MS) - 1);
            }
        }
        return missing;
    }
}
