package io.tripswitch.actuator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tripswitch.actuator.domain.ActuationSink;
import io.tripswitch.actuator.domain.AlertBook;
import io.tripswitch.actuator.domain.AlertNotice;
import io.tripswitch.actuator.domain.AttemptReport;
import io.tripswitch.actuator.domain.Authority;
import io.tripswitch.actuator.domain.Decision;
import io.tripswitch.actuator.domain.DnsOwnership;
import io.tripswitch.actuator.domain.Outcome;
import io.tripswitch.actuator.domain.SilenceWatch;
import io.tripswitch.actuator.support.PlainActuator;
import io.tripswitch.config.TripswitchConfigLoader;
import io.tripswitch.fixtures.HaproxyServer;
import io.tripswitch.fixtures.RegionHttpServer;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * max-silence with a real broker and a real HAProxy: once the actuator has not heard from Kafka for longer than
 * max-silence it stops repairing drift (fail static) and says so; when Kafka is back, the next resync repairs it.
 */
class MaxSilenceTest {

    private static final Duration MAX_SILENCE = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private EmbeddedKafka kafka;
    private RegionHttpServer gra;
    private RegionHttpServer rbx;
    private HaproxyServer haproxy;
    private KafkaPresence presence;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<AttemptReport> reports = Collections.synchronizedList(new ArrayList<>());
    private final List<AlertNotice> alerts = Collections.synchronizedList(new ArrayList<>());
    private final ActuationSink sink = new ActuationSink() {
        @Override
        public void actuation(AttemptReport report) {
            reports.add(report);
        }

        @Override
        public void alert(AlertNotice notice) {
            alerts.add(notice);
        }
    };

    @BeforeEach
    void start() {
        kafka = EmbeddedKafka.start().withContractTopics(Topics.DEFAULT, 1);
        gra = RegionHttpServer.start("gra");
        rbx = RegionHttpServer.start("rbx");
        haproxy = HaproxyServer.start(dir.resolve("gra-lb"), gra.port(), rbx.port(), "app_gra");
    }

    @AfterEach
    void stop() {
        if (presence != null) {
            presence.close();
        }
        executor.shutdownNow();
        haproxy.close();
        rbx.close();
        gra.close();
        kafka.close();
    }

    @Test
    void shouldNotRepairDriftWhileKafkaHasBeenSilentLongerThanMaxSilenceAndRepairItOnceKafkaIsBack() throws Exception {
        Path config = dir.resolve("tripswitch.yaml");
        Files.writeString(config, String.join("\n",
                "tripswitch:",
                "  regions:",
                "    gra: {endpoints: [{id: app1, url: 'http://127.0.0.1:" + gra.port() + "/health'}]}",
                "    rbx: {endpoints: [{id: app1, url: 'http://127.0.0.1:" + rbx.port() + "/health'}]}",
                "  groups:",
                "    app: {regions: [gra, rbx]}",
                "  actuator:",
                "    haproxy:",
                "      gra-lb:",
                "        group: app",
                "        socket: " + haproxy.adminSocket(),
                "        map-file: " + haproxy.mapFile(),
                "        backends: {gra: app_gra, rbx: app_rbx}",
                ""));
        SilenceWatch silence = new SilenceWatch(Clock.systemUTC(), MAX_SILENCE);
        presence = new KafkaPresence(kafka.bootstrapServers(), Topics.DEFAULT.groupState.name(), Optional.empty(), silence, List.of("app"))
                .start(gained -> { });
        PlainActuator actuator = PlainActuator.build(TripswitchConfigLoader.load(config), sink, executor,
                new Authority(DnsOwnership.everything(), silence));
        actuator.applier().apply(new Decision("d-2", "app", 2, "rbx"));
        assertThat(haproxy.get()).isEqualTo("region=rbx");
        await().atMost(Duration.ofSeconds(10)).until(() -> silence.silentFor().compareTo(Duration.ofSeconds(1)) < 0);

        // given Kafka is gone for longer than max-silence, and someone points the instance back at gra
        kafka.stopBroker();
        await().atMost(MAX_SILENCE.plusSeconds(10)).until(silence::silent);
        haproxy.command("set map " + haproxy.mapFile() + " app app_gra");
        reports.clear();

        // when the resync runs
        actuator.reconciler().resync();

        // then nothing is changed (fail static), and it says why
        assertThat(haproxy.get()).isEqualTo("region=gra");
        assertThat(reports).isEmpty();
        assertThat(alerts).filteredOn(alert -> AlertBook.KAFKA_SILENCE.equals(alert.labels().get("subject")))
                .singleElement().satisfies(alert -> {
                    assertThat(alert.status()).isEqualTo(AlertNotice.Status.FIRING);
                    assertThat(alert.summary()).contains("drift is not repaired");
                });
        assertThat(alerts).extracting(AlertNotice::kind).contains(AlertNotice.Kind.DRIFT_DETECTED);

        // and once Kafka answers again, the next resync repairs the drift and the silence alert resolves
        kafka.startBroker();
        await().atMost(Duration.ofSeconds(30)).until(() -> !silence.silent());
        actuator.reconciler().resync();

        assertThat(haproxy.get()).isEqualTo("region=rbx");
        assertThat(reports).extracting(report -> report.outcome().result()).containsExactly(Outcome.Result.DRIFT_REPAIRED);
        assertThat(alerts).filteredOn(alert -> AlertBook.KAFKA_SILENCE.equals(alert.labels().get("subject")))
                .extracting(AlertNotice::status).containsExactly(AlertNotice.Status.FIRING, AlertNotice.Status.RESOLVED);
    }
}
