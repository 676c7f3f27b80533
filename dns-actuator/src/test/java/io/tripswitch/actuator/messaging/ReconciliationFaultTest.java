package io.tripswitch.actuator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tripswitch.actuator.support.ActuatorLab;
import io.tripswitch.actuator.support.ActuatorLabResource;
import io.tripswitch.actuator.support.Bus;
import io.tripswitch.actuator.support.Epochs;
import io.tripswitch.events.Actuation;
import io.tripswitch.events.ActuationOutcome;
import io.tripswitch.events.Alert;
import io.tripswitch.events.AlertStatus;
import io.tripswitch.events.AlertType;
import io.tripswitch.testkit.EmbeddedKafka;
import io.tripswitch.testkit.KafkaBrokerResource;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The running service against real faults: Knot stopped and restarted, HAProxy's socket gone and back,
 * DNS and HAProxy changed behind its back, a forged decision. Convergence must come from the resync
 * (every second here), not from a new decision.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ActuatorLabResource.class)
class ReconciliationFaultTest {

    private static final String DNS_TARGET = "dns:rfc2136:example.test./app";
    private static final String HAPROXY_TARGET = "haproxy:gra-lb/app";
    private static final String APP = "app.example.test.";
    private static final Duration WAIT = Duration.ofSeconds(60);

    EmbeddedKafka kafka;
    ActuatorLab lab;

    private Bus bus;

    @BeforeEach
    void connect() {
        bus = new Bus(kafka.bootstrapServers());
    }

    @AfterEach
    void disconnect() {
        bus.close();
    }

    @Test
    void shouldConvergeDnsWithoutANewDecisionOnceTheServerIsBackAndResolveTheAlertOnce() throws Exception {
        // given traffic on gra, then the DNS server goes down
        settle(bus.decideWithState(Epochs.next(), "gra"));
        lab.knot().stop();
        Bus.Sent toRbx;
        try {
            // when the failover arrives while it is down
            toRbx = bus.decideWithState(Epochs.next(), "rbx");

            // then DNS fails after its bounded attempts, HAProxy is not held back, and the failure is alerted
            String id = toRbx.id();
            Predicate<Actuation> decisionAttempts = of(id, DNS_TARGET, ActuationOutcome.FAILED).and(a -> !a.getDetail().startsWith("resync"));
            List<Actuation> failed = bus.awaitActuations(decisionAttempts, 3, WAIT);
            assertThat(failed).extracting(Actuation::getAttempt).containsExactly(1, 2, 3);
            assertThat(failed).allSatisfy(a -> assertThat(a.getDetail()).doesNotContain(lab.knot().secret()));
            await().atMost(WAIT).untilAsserted(() -> assertThat(lab.haproxy().get()).isEqualTo("region=rbx"));
            await().atMost(WAIT).until(() -> !bus.alerts(alertOf(AlertType.ACTUATION_FAILED, DNS_TARGET)).isEmpty());
        } finally {
            lab.knot().start();
        }

        // then, with no new decision, the resync converges DNS and resolves the alert
        await().atMost(WAIT).untilAsserted(() -> assertThat(lab.knot().addressesOf(APP)).containsExactly("127.0.20.1"));
        bus.awaitActuations(of(toRbx.id(), DNS_TARGET, ActuationOutcome.APPLIED), 1, WAIT);
        List<Alert> alerts = awaitResolved(AlertType.ACTUATION_FAILED, DNS_TARGET);
        assertThat(alerts).extracting(Alert::getStatus).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(alerts.get(1).getAlertId()).isEqualTo(alerts.get(0).getAlertId());
        assertThat(alerts.get(0).getGroup()).isEqualTo("app");
        assertThat(alerts).allSatisfy(a -> assertThat(a.getSummary() + a.getLabels()).doesNotContain(lab.knot().secret()));
        assertThat(bus.alerts(a -> a.getType() == AlertType.DRIFT_DETECTED))
                .as("a failed application converging is not drift").isEmpty();
    }

    @Test
    void shouldConvergeHaproxyOnceItsSocketIsBackAndResolveTheAlertOnce() throws Exception {
        // given traffic on gra, then HAProxy and its Runtime API socket are gone
        settle(bus.decideWithState(Epochs.next(), "gra"));
        lab.haproxy().stop();
        Bus.Sent toRbx;
        try {
            // when the failover arrives
            toRbx = bus.decideWithState(Epochs.next(), "rbx");

            // then HAProxy fails, DNS is switched regardless, and the failure is alerted
            String id = toRbx.id();
            bus.awaitActuations(of(id, HAPROXY_TARGET, ActuationOutcome.FAILED), 3, WAIT);
            await().atMost(WAIT).untilAsserted(() -> assertThat(lab.knot().addressesOf(APP)).containsExactly("127.0.20.1"));
            await().atMost(WAIT).until(() -> !bus.alerts(alertOf(AlertType.ACTUATION_FAILED, HAPROXY_TARGET)).isEmpty());
            // the decided backend is on disk already, so HAProxy comes back on rbx (docs/decisions/0010)
            assertThat(Files.readAllLines(lab.haproxy().mapFile())).contains("app app_rbx");
        } finally {
            lab.haproxy().start();
        }

        // then the resync switches the restarted HAProxy (live and on disk) and resolves the alert
        await().atMost(WAIT).untilAsserted(() -> assertThat(lab.haproxy().get()).isEqualTo("region=rbx"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readAllLines(lab.haproxy().mapFile())).contains("app app_rbx"));
        List<Alert> alerts = awaitResolved(AlertType.ACTUATION_FAILED, HAPROXY_TARGET);
        assertThat(alerts).extracting(Alert::getStatus).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    }

    @Test
    void shouldRepairDnsChangedBehindItsBackAtTheNextResyncWithOneDriftAlert() {
        // given traffic on rbx
        Bus.Sent toRbx = bus.decideWithState(Epochs.next(), "rbx");
        settle(toRbx);

        // when someone points the record back at gra
        lab.knot().setAddress(APP, "127.0.10.1");

        // then the resync repairs it, reports DRIFT_REPAIRED, and DRIFT_DETECTED fires and resolves once
        await().atMost(WAIT).untilAsserted(() -> assertThat(lab.knot().addressesOf(APP)).containsExactly("127.0.20.1"));
        bus.awaitActuations(of(toRbx.id(), DNS_TARGET, ActuationOutcome.DRIFT_REPAIRED), 1, WAIT);
        List<Alert> alerts = awaitResolved(AlertType.DRIFT_DETECTED, DNS_TARGET);
        assertThat(alerts).extracting(Alert::getStatus).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(alerts.get(0).getSummary()).contains("127.0.10.1");
    }

    @Test
    void shouldRepairAnHaproxyMapEntryChangedBehindItsBackAtTheNextResync() {
        // given traffic on rbx
        Bus.Sent toRbx = bus.decideWithState(Epochs.next(), "rbx");
        settle(toRbx);

        // when someone switches the live map entry back to gra
        assertThat(lab.haproxy().command("set map " + lab.haproxy().mapFile() + " app app_gra")).isBlank();

        // then
        bus.awaitActuations(of(toRbx.id(), HAPROXY_TARGET, ActuationOutcome.DRIFT_REPAIRED), 1, WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(lab.haproxy().get()).isEqualTo("region=rbx"));
        assertThat(awaitResolved(AlertType.DRIFT_DETECTED, HAPROXY_TARGET)).extracting(Alert::getStatus)
                .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    }

    @Test
    void shouldRejectAForgedRegionWithAnAlertAndLeaveDnsAndHaproxyAlone() {
        // given traffic on gra
        settle(bus.decideWithState(Epochs.next(), "gra"));

        // when a decision names a region the configuration does not list
        Bus.Sent forged = bus.decide(Epochs.next(), "sbg");

        // then
        List<Actuation> rejected = bus.awaitActuations(a -> a.getDecisionId().equals(forged.id()), 2, WAIT);
        assertThat(rejected).extracting(Actuation::getOutcome).containsOnly(ActuationOutcome.REJECTED);
        await().atMost(WAIT).until(() -> !bus.alerts(a -> a.getType() == AlertType.ACTUATION_FAILED && id(a).equals(forged.id())).isEmpty());
        Alert alert = bus.alerts(a -> id(a).equals(forged.id())).get(0);
        assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.getLabels()).containsEntry("reason", "unknown-region").containsEntry("region", "sbg");
        assertThat(lab.knot().addressesOf(APP)).containsExactly("127.0.10.1");
        assertThat(lab.haproxy().get()).isEqualTo("region=gra");

        // and the next genuine decision resolves it
        settle(bus.decideWithState(Epochs.next(), "gra"));
        await().atMost(WAIT).until(() -> bus.alerts(a -> id(a).equals(forged.id())).size() == 2);
    }

    /** Waits until both targets are in state for the decision (APPLIED or ALREADY_IN_STATE). */
    private void settle(Bus.Sent sent) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> bus.actuations(a -> a.getDecisionId().equals(sent.id())
                && (a.getOutcome() == ActuationOutcome.APPLIED || a.getOutcome() == ActuationOutcome.ALREADY_IN_STATE))
                .stream().map(Actuation::getTarget).distinct().count() == 2);
    }

    /** Waits for the RESOLVED alert, then a few more resyncs, and returns every transition of that alert since the test began. */
    private List<Alert> awaitResolved(AlertType type, String target) {
        Predicate<Alert> which = alertOf(type, target);
        await().atMost(WAIT).until(() -> bus.alerts(which).stream().anyMatch(a -> a.getStatus() == AlertStatus.RESOLVED));
        // three more resync passes must not fire it again
        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
        return bus.alerts(which);
    }

    private static Predicate<Actuation> of(String decisionId, String target, ActuationOutcome outcome) {
        return a -> a.getDecisionId().equals(decisionId) && a.getTarget().equals(target) && a.getOutcome() == outcome;
    }

    /** The target's alerts of that type since the test began (the bus reads from the test's start). */
    private static Predicate<Alert> alertOf(AlertType type, String target) {
        return a -> a.getType() == type && target.equals(String.valueOf(a.getLabels().get("target")));
    }

    private static String id(Alert alert) {
        return String.valueOf(alert.getLabels().get("decisionId"));
    }
}
