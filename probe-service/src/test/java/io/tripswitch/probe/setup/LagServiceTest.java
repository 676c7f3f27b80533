package io.tripswitch.probe.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tripswitch.events.ReplicationLag;
import io.tripswitch.events.StoreKind;
import io.tripswitch.probe.testing.PostgresCluster;
import io.tripswitch.probe.testing.PostgresClusterResource;
import io.tripswitch.probe.testing.ServiceEndpoints;
import io.tripswitch.probe.testing.TopicCollector;
import io.tripswitch.schemas.CloudEventHeaders;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import io.tripswitch.testkit.KafkaBrokerResource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lag probe as deployed: real Kafka broker, a real PostgreSQL primary (gra) with a streaming replica (rbx),
 * store {@code users} added to the test tripswitch.yaml; the probe (observer rbx) measures every 500 ms.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresClusterResource.class, restrictToAnnotatedClass = true)
class LagServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TopicCollector<ReplicationLag> collector;

    EmbeddedKafka kafka;
    PostgresCluster cluster;

    @TestHTTPResource("/")
    URI root;

    @BeforeEach
    void collectReplicationLag() {
        if (collector == null) {
            collector = new TopicCollector<>(kafka.bootstrapServers(), Topics.DEFAULT.replicationLag);
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
    void shouldPublishHealthyLagReadingsOfTheReplicaKeyedByItsRegion() {
        // when the probe has measured a few times, then the replica's readings are healthy and near 0 (idle, caught up)
        await().atMost(WAIT).untilAsserted(() -> assertThat(collector.records()).filteredOn(record -> record.value().getHealthy())
                .hasSizeGreaterThanOrEqualTo(3));

        List<ConsumerRecord<String, ReplicationLag>> records = collector.records();
        assertThat(records).allSatisfy(record -> {
            ReplicationLag value = record.value();
            assertThat(record.key()).isEqualTo("rbx").isEqualTo(value.getReplicaRegion());
            assertThat(value.getStore()).isEqualTo("users");
            assertThat(value.getKind()).isEqualTo(StoreKind.POSTGRESQL);
            assertThat(value.getSourceRegion()).isEqualTo("gra");
            assertThat(value.getProbeId()).isEqualTo("probe-rbx");
            assertThat(value.getObserver()).isEqualTo("rbx");
        });
        ReplicationLag healthy = records.stream().map(ConsumerRecord::value).filter(ReplicationLag::getHealthy)
                .reduce((first, second) -> second).orElseThrow();
        System.out.printf("[lag] published: lagMs=%s lagBytes=%s detail=%s%n", healthy.getLagMs(), healthy.getLagBytes(), healthy.getDetail());
        // An idle primary's caught-up replica: 0, or at most a moment behind the probe's own heartbeat write.
        assertThat(healthy.getLagMs()).isNotNull().isBetween(0L, 1000L);
    }

    @Test
    void shouldNumberReadingsContiguouslyWithCloudEventsHeaders() {
        await().atMost(WAIT).untilAsserted(() -> assertThat(collector.records()).hasSizeGreaterThanOrEqualTo(5));

        List<ConsumerRecord<String, ReplicationLag>> records = collector.records();
        List<Long> seqs = records.stream().map(record -> record.value().getSeq()).sorted().toList();
        assertThat(seqs).containsExactlyElementsOf(LongStream.range(seqs.get(0), seqs.get(0) + seqs.size()).boxed().toList());
        assertThat(records.stream().map(ConsumerRecord::value).sorted(Comparator.comparingLong(ReplicationLag::getSeq)).toList())
                .isSortedAccordingTo(Comparator.comparing(ReplicationLag::getObservedAt));
        assertThat(records).allSatisfy(record -> {
            ReplicationLag value = record.value();
            assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("io.tripswitch.ReplicationLag");
            assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("tripswitch/probe/probe-rbx");
            assertThat(header(record, CloudEventHeaders.ID)).isEqualTo("probe-rbx-lag-" + value.getSeq());
            assertThat(header(record, CloudEventHeaders.TIME)).isEqualTo(value.getObservedAt().toString());
            assertThat(record.timestamp()).isEqualTo(value.getObservedAt().toEpochMilli());
        });
    }

    @Test
    void shouldCountTheLagLoopsReadingsInTheMetrics() {
        ServiceEndpoints service = new ServiceEndpoints(root);
        await().atMost(WAIT).untilAsserted(() -> assertThat(collector.records()).hasSizeGreaterThanOrEqualTo(3));

        // every reading on the topic was counted as sent before it got there; none failed or was refused
        int onTopic = collector.records().size();
        assertThat(service.metric("tripswitch_probe_lag_readings_sent_total")).isGreaterThanOrEqualTo(onTopic);
        assertThat(service.metric("tripswitch_probe_lag_readings_failed_total")).isZero();
        assertThat(service.metric("tripswitch_probe_lag_readings_dropped_total")).isZero();
        assertThat(service.metric("tripswitch_probe_lag_readings_pending")).isBetween(0.0, 10_000.0);
        // (timeouts and skipped ticks are counted by LagScheduler, see LagSchedulerTest; here they only have to be exposed)
        assertThat(service.metrics()).contains("tripswitch_probe_lag_timeouts_total", "tripswitch_probe_lag_ticks_skipped_total");
    }

    @Test
    void shouldPublishAnUnhealthyReadingWithoutFigureWhenTheReplicaStops() {
        await().atMost(WAIT).untilAsserted(() -> assertThat(collector.records()).anyMatch(record -> record.value().getHealthy()));
        cluster.stopReplica();
        try {
            long stoppedAt = System.currentTimeMillis();
            await().atMost(WAIT).untilAsserted(() -> assertThat(collector.records()).anySatisfy(record -> {
                assertThat(record.value().getObservedAt().toEpochMilli()).isGreaterThan(stoppedAt);
                assertThat(record.value().getHealthy()).isFalse();
                assertThat(record.value().getLagMs()).isNull();
                assertThat(record.value().getDetail()).contains("replica rbx not observed");
            }));
        } finally {
            cluster.startReplica();
            cluster.awaitStreaming();
        }
    }

    private static String header(ConsumerRecord<String, ReplicationLag> record, String key) {
        Header header = record.headers().lastHeader(key);
        assertThat(header).as("header %s", key).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
