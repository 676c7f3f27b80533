package io.tripswitch.actuator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tripswitch.actuator.domain.Fixtures.RecordingSink;
import io.tripswitch.actuator.domain.Fixtures.RetryingGuard;
import io.tripswitch.actuator.domain.Fixtures.ScriptedTarget;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final RecordingSink sink = new RecordingSink();
    private final EpochFence fence = new EpochFence();
    private final ScriptedTarget dns = new ScriptedTarget("dns:rfc2136:example.test./app", List.of("gra", "rbx"));
    private final ScriptedTarget haproxy = new ScriptedTarget("haproxy:gra-lb/app", List.of("gra", "rbx"));
    private DecisionApplier applier;
    private Reconciler reconciler;

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private void actuator(DriftPolicy drift, boolean dryRun) {
        Map<String, TrafficGroup> groups = Map.of("app", new TrafficGroup("app", List.of("gra", "rbx"), List.of(dns, haproxy)));
        TargetDriver driver = new TargetDriver(fence, name -> new RetryingGuard(2), new AlertBook(Fixtures.CLOCK), sink, dryRun,
                Fixtures.CLOCK);
        applier = new DecisionApplier(groups, driver, executor);
        reconciler = new Reconciler(groups, driver, drift, executor);
    }

    @Test
    void shouldChangeNothingAndReportNothingWhenEveryTargetIsInState() {
        actuator(DriftPolicy.REPAIR, false);
        applier.apply(Fixtures.decision(1, "rbx"));
        sink.reports.clear();

        List<AttemptReport> reports = reconciler.resync();

        assertThat(reports).isEmpty();
        assertThat(sink.alerts).isEmpty();
    }

    @Test
    void shouldRepairDriftWithOneAlertThatResolvesOnceInState() {
        // given rbx applied, then someone points DNS back to gra
        actuator(DriftPolicy.REPAIR, false);
        applier.apply(Fixtures.decision(1, "rbx"));
        dns.current = "gra";

        // when
        List<AttemptReport> first = reconciler.resync();
        List<AttemptReport> second = reconciler.resync();

        // then
        assertThat(first).extracting(AttemptReport::target, r -> r.outcome().result())
                .containsExactly(tuple(dns.name(), Outcome.Result.DRIFT_REPAIRED));
        assertThat(second).isEmpty();
        assertThat(dns.current).isEqualTo("rbx");
        assertThat(sink.alerts).extracting(AlertNotice::kind, AlertNotice::status).containsExactly(
                tuple(AlertNotice.Kind.DRIFT_DETECTED, AlertNotice.Status.FIRING),
                tuple(AlertNotice.Kind.DRIFT_DETECTED, AlertNotice.Status.RESOLVED));
    }

    @Test
    void shouldOnlyReportDriftOnceWhenConfiguredToReport() {
        actuator(DriftPolicy.REPORT, false);
        applier.apply(Fixtures.decision(1, "rbx"));
        dns.current = "gra";
        sink.reports.clear();

        reconciler.resync();
        reconciler.resync();

        assertThat(dns.current).isEqualTo("gra");
        assertThat(sink.reports).isEmpty();
        assertThat(sink.alerts).extracting(AlertNotice::kind, AlertNotice::status)
                .containsExactly(tuple(AlertNotice.Kind.DRIFT_DETECTED, AlertNotice.Status.FIRING));
    }

    @Test
    void shouldConvergeAFailedApplicationAtTheNextResyncAndResolveItsAlertWithoutCallingItDrift() {
        // given the DNS server refused the decision
        actuator(DriftPolicy.REPAIR, false);
        dns.failuresBeforeSuccess = 2;
        applier.apply(Fixtures.decision(1, "rbx"));

        // when it is back
        List<AttemptReport> reports = reconciler.resync();

        // then
        assertThat(reports).extracting(AttemptReport::target, r -> r.outcome().result())
                .containsExactly(tuple(dns.name(), Outcome.Result.APPLIED));
        assertThat(sink.alerts).extracting(AlertNotice::kind, AlertNotice::status).containsExactly(
                tuple(AlertNotice.Kind.ACTUATION_FAILED, AlertNotice.Status.FIRING),
                tuple(AlertNotice.Kind.ACTUATION_FAILED, AlertNotice.Status.RESOLVED));
    }

    @Test
    void shouldReportAnUnreadableTargetAsFailedWithOneAlertAcrossResyncs() {
        actuator(DriftPolicy.REPAIR, false);
        applier.apply(Fixtures.decision(1, "rbx"));
        dns.unreadable = true;

        List<AttemptReport> first = reconciler.resync();
        reconciler.resync();
        dns.unreadable = false;
        reconciler.resync();

        assertThat(first).extracting(AttemptReport::target, r -> r.outcome().result())
                .containsExactly(tuple(dns.name(), Outcome.Result.FAILED));
        assertThat(sink.alerts).extracting(AlertNotice::kind, AlertNotice::status).containsExactly(
                tuple(AlertNotice.Kind.ACTUATION_FAILED, AlertNotice.Status.FIRING),
                tuple(AlertNotice.Kind.ACTUATION_FAILED, AlertNotice.Status.RESOLVED));
    }

    @Test
    void shouldConvergeToAGroupStateLearnedWithoutADecision() {
        actuator(DriftPolicy.REPAIR, false);
        applier.apply(Fixtures.decision(1, "gra"));
        fence.observe(new DesiredState("app", 2, "rbx", "d-2"));

        List<AttemptReport> reports = reconciler.resync();

        assertThat(reports).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.APPLIED).hasSize(2);
        assertThat(dns.current).isEqualTo("rbx");
        assertThat(sink.alerts).isEmpty();
    }

    @Test
    void shouldOnlyPreviewDuringAResyncInDryRun() {
        actuator(DriftPolicy.REPAIR, true);
        dns.current = "gra";
        haproxy.current = "gra";
        fence.observe(new DesiredState("app", 3, "rbx", "d-3"));

        List<AttemptReport> reports = reconciler.resync();

        assertThat(reports).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.DRY_RUN).hasSize(2);
        assertThat(dns.applied).isEmpty();
        assertThat(haproxy.applied).isEmpty();
    }

    @Test
    void shouldLeaveTargetsOfAGroupWithoutDesiredStateAlone() {
        actuator(DriftPolicy.REPAIR, false);
        dns.current = "gra";

        assertThat(reconciler.resync()).isEmpty();
        assertThat(dns.applied).isEmpty();
    }

    @Test
    void shouldConvergeWithoutDriftAlertWhenAResyncMeetsADecisionNotYetAppliedAfterAStart() throws Exception {
        // given a fresh actuator (nothing known of its targets) whose first decision is admitted but held before its work
        CountDownLatch decisionHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        TargetGuard holdingTheFirstCall = attempt -> {
            if (first.compareAndSet(true, false)) {
                decisionHeld.countDown();
                await(release);
            }
            return attempt.run(1);
        };
        Map<String, TrafficGroup> groups = Map.of("app", new TrafficGroup("app", List.of("gra", "rbx"), List.of(dns)));
        TargetDriver driver = new TargetDriver(fence, name -> holdingTheFirstCall, new AlertBook(Fixtures.CLOCK), sink, false, Fixtures.CLOCK);
        applier = new DecisionApplier(groups, driver, executor);
        reconciler = new Reconciler(groups, driver, DriftPolicy.REPAIR, executor);
        Future<List<AttemptReport>> deciding = executor.submit(() -> applier.apply(Fixtures.decision(1, "rbx")));
        assertThat(decisionHeld.await(10, TimeUnit.SECONDS)).isTrue();

        // when a resync runs meanwhile
        List<AttemptReport> resync = reconciler.resync();
        release.countDown();

        // then it converges the target as the decision would, and nothing calls that drift
        assertThat(resync).extracting(r -> r.outcome().result()).containsExactly(Outcome.Result.APPLIED);
        assertThat(deciding.get(10, TimeUnit.SECONDS)).extracting(r -> r.outcome().result()).containsExactly(Outcome.Result.ALREADY_IN_STATE);
        assertThat(sink.alerts).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
