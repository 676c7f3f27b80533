package io.tripswitch.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.tripswitch.actuator.support.ActuatorLab;
import io.tripswitch.actuator.support.Bus;
import io.tripswitch.actuator.support.LabServers;
import io.tripswitch.events.Actuation;
import io.tripswitch.events.ActuationOutcome;
import io.tripswitch.events.Alert;
import io.tripswitch.events.AlertStatus;
import io.tripswitch.events.AlertType;
import io.tripswitch.events.Severity;
import io.tripswitch.fixtures.ChildProcess;
import io.tripswitch.fixtures.FreePorts;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The packaged dns-actuator ({@code quarkus-run.jar}, started as production starts it: a generated tripswitch.yaml,
 * env {@code KAFKA_BOOTSTRAP_SERVERS} and {@code QUARKUS_HTTP_PORT}) killed with SIGKILL after applying decisions
 * but before committing their offsets, then started again, against a real broker, Knot and HAProxy. Issue 5's
 * "killed after applying but before committing: restarted, state correct, no alert storm".
 */
class ActuatorCrashRestartIT {

    private static final Path JAR = Path.of(System.getProperty("actuator.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
    private static final String GROUP_ID = "tripswitch-dns-actuator";
    private static final String APP = "app.example.test.";
    private static final String GRA_ADDRESS = "127.0.10.1";
    private static final String RBX_ADDRESS = "127.0.20.1";
    private static final String DNS_TARGET = "dns:rfc2136:example.test./app";
    private static final String HAPROXY_TARGET = "haproxy:gra-lb/app";
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** How long "no alert" must hold after the restarted actuator is done: several resync passes (1 s each). */
    private static final Duration QUIET = Duration.ofSeconds(4);

    /** Resync every second and give up on a dead target within seconds, so the fault scenario stays short. */
    private static final String FAST_ACTUATOR = String.join("\n",
            "    resync-interval: 1s",
            "    faults:",
            "      attempt-timeout: 2s",
            "      max-attempts: 3",
            "      initial-backoff: 50ms",
            "      max-backoff: 200ms",
            "      jitter: 20ms",
            "      breaker-window: 20",
            "      breaker-delay: 1s");

    /**
     * The instance that will be killed commits late, so the kill lands after applying and before committing: SmallRye's
     * throttled strategy with a two-minute {@code auto.commit.interval.ms} instead of the service's per-decision commit
     * (whose window is too short to hit on purpose). A 6 s session (the broker's minimum) lets the broker drop the dead
     * member soon; the restarted instance runs with the service's own settings.
     */
    private static final List<String> COMMITS_LATE = List.of(
            "-Dmp.messaging.incoming.decisions.commit-strategy=throttled",
            "-Dmp.messaging.incoming.decisions.auto.commit.interval.ms=120000",
            "-Dmp.messaging.incoming.decisions.session.timeout.ms=6000",
            "-Dmp.messaging.incoming.decisions.heartbeat.interval.ms=1000");

    /** The in-JVM broker logs every step at INFO; kept here (JUL holds loggers weakly) at WARNING to keep the output readable. */
    private static final List<java.util.logging.Logger> QUIET_LOGGERS = Stream.of("kafka", "org.apache.kafka", "state.change.logger")
            .map(ActuatorCrashRestartIT::atWarning).toList();

    private EmbeddedKafka kafka;
    private Admin admin;
    private LabServers lab;
    private ActuatorLab servers;
    private Path logs;
    private final List<ChildProcess> actuators = new ArrayList<>();

    @BeforeEach
    void startBrokerAndServers(TestInfo test) throws IOException {
        assertThat(JAR).as("the packaged actuator (built by quarkus:build before the integration tests)").isRegularFile();
        // the actuators' own logs stay in target/ for a look after a failure
        logs = Files.createDirectories(Path.of("target", "crash-restart-logs", test.getTestMethod().orElseThrow().getName()));
        kafka = EmbeddedKafka.start().withContractTopics(Topics.DEFAULT, 3);
        admin = kafka.admin();
        lab = LabServers.start(FAST_ACTUATOR);
        servers = lab.handles();
    }

    @AfterEach
    void stopEverything() {
        actuators.forEach(ChildProcess::close);
        if (lab != null) {
            lab.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    // decision-service writes a decision and its group state in one transaction. Here the group state follows once
    // the decision's APPLIED is seen: had it come first, the actuator's resync (every second) could converge the
    // targets from it before the decision consumer got to the decision (DRIFT_DETECTED and DRIFT_REPAIRED instead of
    // APPLIED), and the kill would no longer be known to come after the consumer applied the decision.

    @Test
    void shouldRejectTheStaleAndFindTheLatestInStateWithoutAlertsWhenKilledAfterApplyingBeforeCommitting() throws Exception {
        // given the packaged actuator applied three decisions (gra -> rbx -> gra -> rbx) and has committed none of them
        ChildProcess first = startActuator(COMMITS_LATE, true);
        List<Bus.Sent> sent = new ArrayList<>();
        try (Bus bus = new Bus(kafka.bootstrapServers())) {
            for (String region : List.of("rbx", "gra", "rbx")) {
                Bus.Sent decision = bus.decide(sent.size() + 1, region);
                bus.awaitActuations(of(decision, ActuationOutcome.APPLIED), 2, WAIT);
                bus.groupState(decision);
                sent.add(decision);
            }
        }
        Bus.Sent oldest = sent.get(0);
        Bus.Sent latest = sent.get(2);
        assertThat(servers.knot().addressesOf(APP)).containsExactly(RBX_ADDRESS);
        assertThat(servers.haproxy().get()).isEqualTo("region=rbx");
        assertThat(committedOffset(partitionOf(oldest))).as("committed offset of the decisions' partition before the kill")
                .satisfiesAnyOf(offset -> assertThat(offset).isEmpty(), offset -> assertThat(offset.getAsLong()).isLessThanOrEqualTo(oldest.where().offset()));

        // when it is killed (SIGKILL: no shutdown hook, no last commit) and started again with its normal settings
        kill(first);
        try (Bus bus = new Bus(kafka.bootstrapServers())) {
            startActuator(List.of(), false);

            // then it reads the three decisions again: the two older ones refused as stale, the latest already in state
            bus.awaitActuations(of(latest, ActuationOutcome.ALREADY_IN_STATE), 2, WAIT);
            await().atMost(WAIT).during(QUIET).until(() -> bus.alerts().isEmpty());
            await().atMost(WAIT).untilAsserted(() -> assertThat(committedOffset(partitionOf(latest)))
                    .as("the restarted actuator commits past the decisions it read again").hasValue(latest.where().offset() + 1));
            assertThat(bus.actuations()).extracting(Actuation::getDecisionId, Actuation::getTarget, Actuation::getOutcome)
                    .containsExactlyInAnyOrder(
                            tuple(oldest.id(), DNS_TARGET, ActuationOutcome.REJECTED),
                            tuple(oldest.id(), HAPROXY_TARGET, ActuationOutcome.REJECTED),
                            tuple(sent.get(1).id(), DNS_TARGET, ActuationOutcome.REJECTED),
                            tuple(sent.get(1).id(), HAPROXY_TARGET, ActuationOutcome.REJECTED),
                            tuple(latest.id(), DNS_TARGET, ActuationOutcome.ALREADY_IN_STATE),
                            tuple(latest.id(), HAPROXY_TARGET, ActuationOutcome.ALREADY_IN_STATE));
            assertThat(bus.actuations(a -> a.getOutcome() == ActuationOutcome.REJECTED))
                    .allSatisfy(rejected -> assertThat(rejected.getDetail()).contains("stale epoch"));
        }
        assertThat(servers.knot().addressesOf(APP)).containsExactly(RBX_ADDRESS);
        assertThat(servers.haproxy().get()).isEqualTo("region=rbx");
    }

    @Test
    void shouldConvergeTheTargetThatFailedWhenKilledWhileItWasDownAndRestartedOnceItIsBack() throws Exception {
        // given the packaged actuator could switch HAProxy but not DNS (Knot down) to rbx, and committed nothing
        ChildProcess first = startActuator(COMMITS_LATE, true);
        Bus.Sent decision;
        Alert firing;
        try (Bus bus = new Bus(kafka.bootstrapServers())) {
            servers.knot().stop();
            decision = bus.decide(1, "rbx");
            bus.awaitActuations(of(decision, ActuationOutcome.APPLIED), 1, WAIT);
            bus.groupState(decision);
            await().atMost(WAIT).until(() -> !bus.alerts(failing(DNS_TARGET, AlertStatus.FIRING)).isEmpty());
            firing = bus.alerts(failing(DNS_TARGET, AlertStatus.FIRING)).get(0);
            await().atMost(WAIT).untilAsserted(() -> assertThat(bus.actuations(of(decision, ActuationOutcome.FAILED)))
                    .extracting(Actuation::getTarget).contains(DNS_TARGET).doesNotContain(HAPROXY_TARGET));
            assertThat(bus.actuations(of(decision, ActuationOutcome.APPLIED))).extracting(Actuation::getTarget).containsExactly(HAPROXY_TARGET);
        }
        assertThat(firing.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(firing.getSummary()).contains(DNS_TARGET).doesNotContain(servers.knot().secret());
        assertThat(first.output()).as("the killed actuator's log").doesNotContain(servers.knot().secret());
        assertThat(servers.haproxy().get()).isEqualTo("region=rbx");
        assertThat(committedOffset(partitionOf(decision))).as("committed offset of the decision's partition before the kill")
                .satisfiesAnyOf(offset -> assertThat(offset).isEmpty(), offset -> assertThat(offset.getAsLong()).isLessThanOrEqualTo(decision.where().offset()));

        // when it is killed, DNS comes back (from its zone file: still gra), and the actuator is started again
        kill(first);
        servers.knot().start();
        assertThat(servers.knot().addressesOf(APP)).containsExactly(GRA_ADDRESS);
        try (Bus bus = new Bus(kafka.bootstrapServers())) {
            startActuator(List.of(), false);

            // then DNS is converged to rbx without a new decision, HAProxy is left as it is, nothing fails any more
            await().atMost(WAIT).until(() -> servers.knot().addressesOf(APP).equals(List.of(RBX_ADDRESS)));
            bus.awaitActuations(of(decision, ActuationOutcome.ALREADY_IN_STATE).and(on(HAPROXY_TARGET)), 1, WAIT);
            assertThat(bus.actuations(on(DNS_TARGET)).stream().map(Actuation::getOutcome))
                    .as("the DNS change was made by the restarted actuator (its first resync or the replayed decision), and"
                            + " known from the alert still firing to be a failed application, not drift")
                    .contains(ActuationOutcome.APPLIED).doesNotContain(ActuationOutcome.DRIFT_REPAIRED);
            assertThat(bus.actuations()).extracting(Actuation::getOutcome)
                    .doesNotContain(ActuationOutcome.FAILED, ActuationOutcome.REJECTED);
            assertThat(bus.actuations(on(HAPROXY_TARGET))).extracting(Actuation::getOutcome).containsOnly(ActuationOutcome.ALREADY_IN_STATE);
            assertThat(servers.haproxy().get()).isEqualTo("region=rbx");

            // and no alert storm: the alert the killed actuator fired resolves once, under its id, and nothing else fires
            await().atMost(WAIT).until(() -> !bus.alerts(resolving(firing.getAlertId())).isEmpty());
            await().atMost(WAIT).during(QUIET).until(() -> unresolved(bus.alerts()).isEmpty());
            await().atMost(WAIT).untilAsserted(() -> assertThat(committedOffset(partitionOf(decision)))
                    .as("the restarted actuator commits past the decision it read again").hasValue(decision.where().offset() + 1));
            List<Alert> alerts = bus.alerts();
            assertThat(alerts).filteredOn(a -> a.getStatus() == AlertStatus.FIRING).as("FIRING alerts of the restarted actuator").isEmpty();
            assertThat(alerts).filteredOn(resolving(firing.getAlertId())).hasSize(1);
            assertThat(alerts).hasSize(1);
        }
    }

    /** Starts the packaged actuator as production does; waits for /q/health/ready (and, if asked, for its partitions). */
    private ChildProcess startActuator(List<String> jvmOptions, boolean awaitPartitions) {
        int httpPort = FreePorts.pick();
        // env(1) execs java, so the child's pid is the JVM's own: the one the kill hits
        List<String> command = new ArrayList<>(List.of("/usr/bin/env",
                "KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers(),
                "QUARKUS_HTTP_PORT=" + httpPort,
                "QUARKUS_HTTP_HOST=127.0.0.1",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dquarkus.config.locations=" + servers.configFile()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        Path log = logs.resolve("dns-actuator-" + (actuators.size() + 1) + ".log");
        ChildProcess actuator = ChildProcess.start(command, log, Duration.ofMinutes(3),
                () -> ready(httpPort) && (!awaitPartitions || consuming()));
        actuators.add(actuator);
        return actuator;
    }

    private static java.util.logging.Logger atWarning(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** SIGKILL, as the kernel's OOM killer or a lost node would: no shutdown hook runs, nothing is committed on the way out. */
    private static void kill(ChildProcess actuator) throws Exception {
        ProcessHandle process = ProcessHandle.of(actuator.pid()).orElseThrow();
        assertThat(process.destroyForcibly()).as("SIGKILL sent").isTrue();
        process.onExit().get(30, TimeUnit.SECONDS);
        assertThat(actuator.isAlive()).isFalse();
        assertThat(actuator.output()).as("a graceful stop would have logged 'stopped in'").doesNotContain("stopped in");
    }

    private static boolean ready(int httpPort) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The actuator's consumer group is stable, a member holding the decisions partitions. */
    private boolean consuming() {
        try {
            Collection<ConsumerGroupDescription> groups = admin.describeConsumerGroups(List.of(GROUP_ID)).all()
                    .get(5, TimeUnit.SECONDS).values();
            return groups.stream().anyMatch(group -> group.groupState() == GroupState.STABLE && group.members().stream()
                    .anyMatch(member -> !member.assignment().topicPartitions().isEmpty()));
        } catch (Exception e) {
            return false;
        }
    }

    /** The actuator group's committed offset on {@code partition}, if it has one. */
    private OptionalLong committedOffset(TopicPartition partition) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP_ID).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        OffsetAndMetadata committed = offsets.get(partition);
        return committed == null ? OptionalLong.empty() : OptionalLong.of(committed.offset());
    }

    private static TopicPartition partitionOf(Bus.Sent sent) {
        return new TopicPartition(sent.where().topic(), sent.where().partition());
    }

    private static Predicate<Actuation> of(Bus.Sent decision, ActuationOutcome outcome) {
        return a -> a.getDecisionId().equals(decision.id()) && a.getOutcome() == outcome;
    }

    private static Predicate<Actuation> on(String target) {
        return a -> a.getTarget().equals(target);
    }

    private static Predicate<Alert> failing(String target, AlertStatus status) {
        return a -> a.getType() == AlertType.ACTUATION_FAILED && a.getStatus() == status && target.equals(a.getLabels().get("target"));
    }

    private static Predicate<Alert> resolving(String alertId) {
        return a -> a.getStatus() == AlertStatus.RESOLVED && a.getAlertId().equals(alertId);
    }

    /** FIRING alerts among {@code alerts} without a RESOLVED of the same alertId. */
    private static List<Alert> unresolved(List<Alert> alerts) {
        return alerts.stream().filter(a -> a.getStatus() == AlertStatus.FIRING)
                .filter(fired -> alerts.stream().noneMatch(resolving(fired.getAlertId()))).toList();
    }
}
