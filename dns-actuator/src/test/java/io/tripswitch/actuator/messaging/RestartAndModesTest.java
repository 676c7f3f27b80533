package io.tripswitch.actuator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tripswitch.actuator.domain.ActuationSink;
import io.tripswitch.actuator.domain.AlertNotice;
import io.tripswitch.actuator.domain.AttemptReport;
import io.tripswitch.actuator.domain.Decision;
import io.tripswitch.actuator.domain.DesiredState;
import io.tripswitch.actuator.domain.Outcome;
import io.tripswitch.actuator.support.ActuatorLab;
import io.tripswitch.actuator.support.ActuatorLabResource;
import io.tripswitch.actuator.support.Bus;
import io.tripswitch.actuator.support.Epochs;
import io.tripswitch.actuator.support.LabServers;
import io.tripswitch.actuator.wiring.ActuatorWiring;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigLoader;
import io.tripswitch.events.ActuationOutcome;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import io.tripswitch.testkit.KafkaBrokerResource;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A second actuator built by the service's own wiring from a configuration: a restart after the service
 * applied decisions but before it committed their offsets (the new instance seeds its fence from
 * {@code tripswitch.group-state} and is fed the decisions again), and the report-only and dry-run modes on a
 * lab of their own (real Knot and HAProxy the running service does not know, so it cannot repair them).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ActuatorLabResource.class)
class RestartAndModesTest {

    private static final String APP = "app.example.test.";
    private static final Duration WAIT = Duration.ofSeconds(60);

    EmbeddedKafka kafka;
    ActuatorLab lab;

    @Inject
    TripswitchConfig config;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final RecordingSink sink = new RecordingSink();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void shouldFindEverythingInStateAndRaiseNoAlertWhenRestartedBeforeCommittingItsOffsets() {
        // given the service applied gra then rbx (decision-service also wrote the group state of each)
        List<Bus.Sent> sent = new ArrayList<>();
        try (Bus bus = new Bus(kafka.bootstrapServers())) {
            sent.add(bus.decideWithState(Epochs.next(), "gra"));
            sent.add(bus.decideWithState(Epochs.next(), "rbx"));
            await().atMost(WAIT).until(() -> bus.actuations(a -> a.getDecisionId().equals(sent.get(1).id())
                    && (a.getOutcome() == ActuationOutcome.APPLIED || a.getOutcome() == ActuationOutcome.ALREADY_IN_STATE)).size() == 2);
        }
        assertThat(lab.knot().addressesOf(APP)).containsExactly("127.0.20.1");

        // when it "restarts": a new instance seeds its fence from the group states, then gets both decisions again
        ActuatorWiring.Actuator restarted = ActuatorWiring.build(config, Clock.systemUTC(), sink, executor);
        DesiredStateFollower.loadOnce(kafka.bootstrapServers(), Topics.DEFAULT.groupState.name(), restarted.fence());
        for (FailoverDecision replayed : decisionsFrom(sent.get(0))) {
            restarted.applier().apply(new Decision(replayed.getDecisionId(), replayed.getGroup(), replayed.getEpoch(),
                    replayed.getActiveRegion()));
        }
        List<AttemptReport> resync = restarted.reconciler().resync();

        // then the older decision is refused as stale, the latest is already in state, nothing changed, no alert
        assertThat(restarted.fence().desired("app")).map(DesiredState::epoch).hasValue(sent.get(1).decision().getEpoch());
        assertThat(sink.reports).extracting(r -> r.decision().decisionId(), r -> r.outcome().result()).containsExactlyInAnyOrder(
                tuple(sent.get(0).id(), Outcome.Result.REJECTED), tuple(sent.get(0).id(), Outcome.Result.REJECTED),
                tuple(sent.get(1).id(), Outcome.Result.ALREADY_IN_STATE), tuple(sent.get(1).id(), Outcome.Result.ALREADY_IN_STATE));
        assertThat(resync).isEmpty();
        assertThat(sink.alerts).isEmpty();
        assertThat(lab.knot().addressesOf(APP)).containsExactly("127.0.20.1");
        assertThat(lab.haproxy().get()).isEqualTo("region=rbx");
    }

    @Test
    void shouldOnlyReportDriftOnceAndChangeNothingWhenConfiguredToReport() throws Exception {
        try (LabServers own = LabServers.start("    drift: report")) {
            ActuatorLab other = own.handles();
            ActuatorWiring.Actuator reporting = ActuatorWiring.build(TripswitchConfigLoader.load(other.configFile()), Clock.systemUTC(),
                    sink, executor);
            // given rbx applied
            assertThat(reporting.applier().apply(new Decision("d-1", "app", 1, "rbx")))
                    .extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.APPLIED).hasSize(2);

            // when DNS and HAProxy are switched back to gra behind its back, and two resyncs pass
            other.knot().setAddress(APP, "127.0.10.1");
            assertThat(other.haproxy().command("set map " + other.haproxy().mapFile() + " app app_gra")).isBlank();
            sink.reports.clear();
            reporting.reconciler().resync();
            reporting.reconciler().resync();

            // then one DRIFT_DETECTED per target, no actuation, nothing changed
            assertThat(sink.alerts).extracting(AlertNotice::kind, AlertNotice::status, a -> a.labels().get("target")).containsExactlyInAnyOrder(
                    tuple(AlertNotice.Kind.DRIFT_DETECTED, AlertNotice.Status.FIRING, "dns:rfc2136:example.test./app"),
                    tuple(AlertNotice.Kind.DRIFT_DETECTED, AlertNotice.Status.FIRING, "haproxy:gra-lb/app"));
            assertThat(sink.reports).isEmpty();
            assertThat(other.knot().addressesOf(APP)).containsExactly("127.0.10.1");
            assertThat(other.haproxy().get()).isEqualTo("region=gra");
        }
    }

    @Test
    void shouldOnlyPreviewInDryRunForDecisionsAndResyncs() throws Exception {
        try (LabServers own = LabServers.start("    dry-run: true")) {
            ActuatorLab other = own.handles();
            ActuatorWiring.Actuator dryRun = ActuatorWiring.build(TripswitchConfigLoader.load(other.configFile()), Clock.systemUTC(),
                    sink, executor);

            // when a failover to rbx arrives and a resync passes (the lab is on gra)
            List<AttemptReport> decided = dryRun.applier().apply(new Decision("d-1", "app", 1, "rbx"));
            List<AttemptReport> resynced = dryRun.reconciler().resync();

            // then only DRY_RUN outcomes, and DNS and HAProxy still on gra
            assertThat(decided).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.DRY_RUN).hasSize(2);
            assertThat(resynced).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.DRY_RUN).hasSize(2);
            assertThat(decided.get(0).outcome().detail()).contains("would");
            assertThat(other.knot().addressesOf(APP)).containsExactly("127.0.10.1");
            assertThat(other.haproxy().get()).isEqualTo("region=gra");
            assertThat(Files.readAllLines(other.haproxy().mapFile())).contains("app app_gra");
            assertThat(sink.alerts).isEmpty();
        }
    }

    /** The decisions of the topic from {@code first} on: what a kill before the offset commit leaves to replay. */
    private List<FailoverDecision> decisionsFrom(Bus.Sent first) {
        TopicPartition partition = new TopicPartition(first.where().topic(), first.where().partition());
        try (KafkaConsumer<String, FailoverDecision> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringDeserializer(),
                Topics.DEFAULT.decisions.valueSerde().deserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, first.where().offset());
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<FailoverDecision> decisions = new ArrayList<>();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, FailoverDecision> record : consumer.poll(Duration.ofMillis(500))) {
                    decisions.add(record.value());
                }
            }
            return decisions;
        }
    }

    /** Keeps what the second actuator reports instead of publishing it. */
    private static final class RecordingSink implements ActuationSink {
        final List<AttemptReport> reports = Collections.synchronizedList(new ArrayList<>());
        final List<AlertNotice> alerts = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void actuation(AttemptReport report) {
            reports.add(report);
        }

        @Override
        public void alert(AlertNotice notice) {
            alerts.add(notice);
        }
    }
}
