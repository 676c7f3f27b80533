package io.tripswitch.probe.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tripswitch.probe.testing.HealthServerResource;
import io.tripswitch.probe.testing.ServiceEndpoints;
import io.tripswitch.testkit.KafkaBrokerResource;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The probe's operations surface as deployed: real broker, real HTTP endpoints (gra app1, app2, rbx app1, every
 * 300 ms), {@code /q/metrics} and {@code /q/health} read over HTTP.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(HealthServerResource.class)
class ProbeOperationsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URI root;

    @Test
    void shouldExposeALatencyHistogramWithFewBucketsAndUpDownCountsPerEndpoint() {
        ServiceEndpoints service = new ServiceEndpoints(root);

        // when the probe has checked every endpoint a few times
        await().atMost(WAIT).untilAsserted(() -> assertThat(service.metric(
                "tripswitch_probe_checks_total{check=\"http\",endpoint=\"app1\",region=\"gra\",status=\"up\"}")).isGreaterThanOrEqualTo(3));

        // then each endpoint has its up and down counters, tagged region, endpoint, check
        String metrics = service.metrics();
        for (String endpoint : new String[] {"endpoint=\"app1\",region=\"gra\"", "endpoint=\"app2\",region=\"gra\"",
                "endpoint=\"app1\",region=\"rbx\""}) {
            assertThat(metrics).contains("tripswitch_probe_checks_total{check=\"http\"," + endpoint + ",status=\"up\"}")
                    .contains("tripswitch_probe_checks_total{check=\"http\"," + endpoint + ",status=\"down\"}")
                    .contains("tripswitch_probe_check_duration_seconds_count{check=\"http\"," + endpoint + "}");
        }
        // and a latency histogram with the six fixed buckets and +Inf, no percentiles computed in the JVM
        assertThat(metrics.lines().filter(line -> line.startsWith(
                "tripswitch_probe_check_duration_seconds_bucket{check=\"http\",endpoint=\"app1\",region=\"gra\"")))
                .extracting(line -> line.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
                .containsExactly("0.005", "0.025", "0.1", "0.25", "0.5", "1.0", "+Inf");
        assertThat(metrics).doesNotContain("tripswitch_probe_check_duration_seconds{").doesNotContain("quantile=");
        // and the checks' own HTTP client is not instrumented per URL
        assertThat(metrics).doesNotContain("http_client_requests");
    }

    @Test
    void shouldExposeWhatHappensToResultsOnTheirWayToKafka() {
        ServiceEndpoints service = new ServiceEndpoints(root);

        await().atMost(WAIT).untilAsserted(() -> assertThat(service.metric("tripswitch_probe_results_sent_total")).isGreaterThan(5));

        // with Kafka reachable nothing is dropped nor failed, and the bound is reported beside the pending count
        assertThat(service.metric("tripswitch_probe_results_dropped_total")).isZero();
        assertThat(service.metric("tripswitch_probe_results_failed_total")).isZero();
        assertThat(service.metric("tripswitch_probe_results_pending_max")).isEqualTo(10_000);
        assertThat(service.metric("tripswitch_probe_results_pending")).isBetween(0.0, 10_000.0);
        assertThat(service.metric("tripswitch_probe_targets_overdue")).isZero();
        assertThat(service.metrics()).contains("tripswitch_probe_ticks_skipped_total", "tripswitch_probe_ticks_missed_total",
                "tripswitch_probe_ticks_late_share", "jvm_memory_used_bytes{area=\"heap\"");
    }

    @Test
    void shouldBeAliveAndReadyWithTheProbesOwnChecksBesideKafkas() {
        ServiceEndpoints service = new ServiceEndpoints(root);

        await().atMost(WAIT).untilAsserted(() -> {
            ServiceEndpoints.Health live = service.health("/q/health/live");
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.check(CheckLoopLiveness.NAME)).contains("\"status\": \"UP\"").contains("\"targets\": 3")
                    .contains("\"overdue-targets\": 0");

            ServiceEndpoints.Health ready = service.health("/q/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.check(ProbeReadiness.NAME)).contains("\"status\": \"UP\"").contains("\"dropped\": 0")
                    .contains("\"max-pending\": 10000");
            assertThat(ready.body()).contains("probe-results");
        });
    }
}
