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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecisionApplierTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final RecordingSink sink = new RecordingSink();
    private final RetryingGuard guard = new RetryingGuard(3);
    private final EpochFence fence = new EpochFence();
    private final ScriptedTarget dns = new ScriptedTarget("dns:rfc2136:example.test./app", List.of("gra", "rbx"));
    private final ScriptedTarget haproxy = new ScriptedTarget("haproxy:gra-lb/app", List.of("gra", "rbx"));

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private DecisionApplier applier(boolean dryRun, Target... targets) {
        TrafficGroup app = new TrafficGroup("app", List.of("gra", "rbx"), List.of(targets));
        TargetDriver driver = new TargetDriver(fence, name -> guard, new AlertBook(Fixtures.CLOCK), sink, dryRun, Fixtures.CLOCK);
        return new DecisionApplier(Map.of("app", app), driver, executor);
    }

    private static Decision decision(long epoch, String region) {
        return Fixtures.decision(epoch, region);
    }

    @Test
    void shouldApplyEveryTargetOfTheGroupAndReportEachAttempt() {
        DecisionApplier applier = applier(false, dns, haproxy);

        List<AttemptReport> reports = applier.apply(decision(1, "rbx"));

        assertThat(reports).extracting(AttemptReport::target, r -> r.outcome().result(), AttemptReport::attempt)
                .containsExactlyInAnyOrder(
                        tuple(dns.name(), Outcome.Result.APPLIED, 1),
                        tuple(haproxy.name(), Outcome.Result.APPLIED, 1));
        assertThat(sink.reports).containsExactlyInAnyOrderElementsOf(reports);
        assertThat(dns.applied).containsExactly("rbx");
        assertThat(haproxy.applied).containsExactly("rbx");
        assertThat(sink.alerts).isEmpty();
    }

    @Test
    void shouldRejectADecisionWhoseEpochIsBelowTheCurrentOneQuietly() {
        DecisionApplier applier = applier(false, dns, haproxy);
        applier.apply(decision(5, "rbx"));

        List<AttemptReport> stale = applier.apply(decision(4, "gra"));

        assertThat(stale).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.REJECTED).hasSize(2);
        assertThat(stale.get(0).outcome().detail()).contains("stale epoch 4").contains("at epoch 5");
        assertThat(dns.applied).containsExactly("rbx");
        assertThat(sink.alerts).as("a late or replayed decision is normal after a restart: no alert").isEmpty();
    }

    @Test
    void shouldAnswerAlreadyInStateWhenTheCurrentDecisionIsReplayed() {
        DecisionApplier applier = applier(false, dns, haproxy);
        applier.apply(decision(5, "rbx"));

        List<AttemptReport> replayed = applier.apply(decision(5, "rbx"));

        assertThat(replayed).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.ALREADY_IN_STATE).hasSize(2);
        assertThat(dns.applied).containsExactly("rbx");
        assertThat(sink.alerts).isEmpty();
    }

    @Test
    void shouldRejectWithAnAlertASecondRegionForTheSameEpoch() {
        DecisionApplier applier = applier(false, dns, haproxy);
        applier.apply(decision(5, "rbx"));

        List<AttemptReport> conflicting = applier.apply(decision(5, "gra"));

        assertThat(conflicting).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.REJECTED).hasSize(2);
        assertThat(dns.applied).containsExactly("rbx");
        assertThat(sink.alerts).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(AlertNotice.Kind.ACTUATION_FAILED);
            assertThat(alert.labels()).containsEntry("reason", "conflicting-epoch");
        });
    }

    @Test
    void shouldApplyADecisionWhoseStateTheFenceAlreadyLearnedFromGroupState() {
        fence.observe(new DesiredState("app", 8, "rbx", "d-8"));
        DecisionApplier applier = applier(false, dns, haproxy);

        List<AttemptReport> reports = applier.apply(decision(8, "rbx"));

        assertThat(reports).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.APPLIED).hasSize(2);
    }

    @Test
    void shouldRejectAnUnknownGroupWithAnAlertWithoutTouchingAnyTarget() {
        DecisionApplier applier = applier(false, dns, haproxy);

        List<AttemptReport> reports = applier.apply(new Decision("d", "shop", 1, "rbx"));

        assertThat(reports).extracting(AttemptReport::target, r -> r.outcome().result())
                .containsExactly(tuple("group:shop", Outcome.Result.REJECTED));
        assertThat(dns.applied).isEmpty();
        assertThat(sink.alerts).singleElement().satisfies(alert -> {
            assertThat(alert.group()).isEqualTo("shop");
            assertThat(alert.status()).isEqualTo(AlertNotice.Status.FIRING);
            assertThat(alert.labels()).containsEntry("reason", "unknown-group");
        });
    }

    @Test
    void shouldRejectARegionOutsideTheGroupWithOneAlertAndNotSpendTheEpoch() {
        DecisionApplier applier = applier(false, dns, haproxy);

        List<AttemptReport> forged = applier.apply(decision(7, "sbg"));
        applier.apply(new Decision("again", "app", 7, "sbg"));
        List<AttemptReport> genuine = applier.apply(decision(7, "rbx"));

        assertThat(forged).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.REJECTED).hasSize(2);
        assertThat(forged.get(0).outcome().detail()).contains("region 'sbg' is not in group 'app'");
        assertThat(genuine).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.APPLIED);
        assertThat(dns.applied).containsExactly("rbx");
        assertThat(sink.alerts).extracting(AlertNotice::kind, AlertNotice::status).containsExactly(
                tuple(AlertNotice.Kind.ACTUATION_FAILED, AlertNotice.Status.FIRING),
                tuple(AlertNotice.Kind.ACTUATION_FAILED, AlertNotice.Status.RESOLVED));
        assertThat(sink.alerts.get(0).labels()).containsEntry("reason", "unknown-region").containsEntry("region", "sbg");
    }

    @Test
    void shouldRejectTheWholeDecisionWhenOneTargetHasNothingConfiguredForTheRegion() {
        ScriptedTarget graOnly = new ScriptedTarget("haproxy:old-lb/app", List.of("gra"));
        DecisionApplier applier = applier(false, dns, graOnly);

        List<AttemptReport> reports = applier.apply(decision(1, "rbx"));

        assertThat(reports).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.REJECTED).hasSize(2);
        assertThat(reports.get(0).outcome().detail()).contains("haproxy:old-lb/app").contains("region 'rbx'");
        assertThat(dns.applied).isEmpty();
        assertThat(graOnly.applied).isEmpty();
    }

    @Test
    void shouldReportEveryAttemptAndFireActuationFailedOnceWhenTheGuardGivesUp() {
        dns.failuresBeforeSuccess = 10;
        DecisionApplier applier = applier(false, dns);

        List<AttemptReport> reports = applier.apply(decision(1, "rbx"));

        assertThat(reports).extracting(r -> r.outcome().result(), AttemptReport::attempt).containsExactly(
                tuple(Outcome.Result.FAILED, 1), tuple(Outcome.Result.FAILED, 2), tuple(Outcome.Result.FAILED, 3));
        assertThat(sink.alerts).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(AlertNotice.Kind.ACTUATION_FAILED);
            assertThat(alert.labels()).containsEntry("target", dns.name());
            assertThat(alert.region()).isEqualTo("rbx");
        });
    }

    @Test
    void shouldResolveActuationFailedOnceALaterDecisionReachesTheTarget() {
        dns.failuresBeforeSuccess = 3;
        DecisionApplier applier = applier(false, dns);
        applier.apply(decision(1, "rbx"));

        applier.apply(decision(2, "gra"));

        assertThat(sink.alerts).extracting(AlertNotice::status).containsExactly(AlertNotice.Status.FIRING, AlertNotice.Status.RESOLVED);
        assertThat(sink.alerts.get(1).alertId()).isEqualTo(sink.alerts.get(0).alertId());
    }

    @Test
    void shouldReportTheGuardsOwnRefusalAsOneFailedAttempt() {
        guard.open = true;
        DecisionApplier applier = applier(false, dns);

        List<AttemptReport> reports = applier.apply(decision(1, "rbx"));

        assertThat(reports).extracting(r -> r.outcome().result(), AttemptReport::attempt, r -> r.outcome().detail())
                .containsExactly(tuple(Outcome.Result.FAILED, 1, "circuit breaker open"));
        assertThat(dns.applied).isEmpty();
    }

    @Test
    void shouldNotHoldBackOtherTargetsWhileOneIsStuck() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        dns.blockUntil = release;
        CountDownLatch haproxyDone = new CountDownLatch(1);
        RecordingSink watching = new RecordingSink() {
            @Override
            public void actuation(AttemptReport report) {
                if (report.target().equals(haproxy.name())) {
                    haproxyDone.countDown();
                }
            }
        };
        TrafficGroup app = new TrafficGroup("app", List.of("gra", "rbx"), List.of(dns, haproxy));
        DecisionApplier applier = new DecisionApplier(Map.of("app", app),
                new TargetDriver(fence, name -> guard, new AlertBook(Fixtures.CLOCK), watching, false, Fixtures.CLOCK), executor);

        executor.submit(() -> applier.apply(decision(1, "rbx")));

        assertThat(haproxyDone.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(dns.applied).isEmpty();
        release.countDown();
    }

    @Test
    void shouldOnlyPreviewInDryRun() {
        DecisionApplier applier = applier(true, dns, haproxy);

        List<AttemptReport> reports = applier.apply(decision(1, "rbx"));

        assertThat(reports).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.DRY_RUN).hasSize(2);
        assertThat(dns.applied).isEmpty();
        assertThat(haproxy.applied).isEmpty();
        assertThat(dns.previewed).containsExactly("rbx");
    }
}
