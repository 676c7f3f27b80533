package io.tripswitch.actuator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecisionApplierTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Duration> pauses = Collections.synchronizedList(new ArrayList<>());
    private final ScriptedTarget dns = new ScriptedTarget("dns:rfc2136:example.test./app", List.of("gra", "rbx"));
    private final ScriptedTarget haproxy = new ScriptedTarget("haproxy:gra-lb/app", List.of("gra", "rbx"));

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private DecisionApplier applier(boolean dryRun, Target... targets) {
        TrafficGroup app = new TrafficGroup("app", List.of("gra", "rbx"), List.of(targets));
        return new DecisionApplier(Map.of("app", app), new EpochFence(), new RetryPolicy(3, Duration.ofMillis(100)), dryRun,
                clock, executor, pauses::add);
    }

    private static Decision decision(long epoch, String region) {
        return new Decision("d-" + epoch + "-" + region, "app", epoch, region);
    }

    @Test
    void shouldApplyEveryTargetOfTheGroupAndReportEachAttempt() {
        DecisionApplier applier = applier(false, dns, haproxy);

        List<AttemptReport> published = Collections.synchronizedList(new ArrayList<>());
        List<AttemptReport> reports = applier.apply(decision(1, "rbx"), published::add);

        assertThat(reports).extracting(AttemptReport::target, r -> r.outcome().result(), AttemptReport::attempt)
                .containsExactlyInAnyOrder(
                        tuple(dns.name(), Outcome.Result.APPLIED, 1),
                        tuple(haproxy.name(), Outcome.Result.APPLIED, 1));
        assertThat(published).containsExactlyInAnyOrderElementsOf(reports);
        assertThat(dns.applied).containsExactly("rbx");
        assertThat(haproxy.applied).containsExactly("rbx");
    }

    @Test
    void shouldRejectADecisionWhoseEpochIsNotAboveTheLastAdmittedOne() {
        DecisionApplier applier = applier(false, dns, haproxy);
        applier.apply(decision(5, "rbx"), report -> { });

        List<AttemptReport> stale = applier.apply(decision(4, "gra"), report -> { });
        List<AttemptReport> replayed = applier.apply(decision(5, "gra"), report -> { });

        assertThat(stale).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.REJECTED).hasSize(2);
        assertThat(stale.get(0).outcome().detail()).contains("stale epoch 4").contains("is 5");
        assertThat(replayed).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.REJECTED).hasSize(2);
        assertThat(dns.applied).containsExactly("rbx");
        assertThat(haproxy.applied).containsExactly("rbx");
    }

    @Test
    void shouldRejectAnUnknownGroupWithoutTouchingAnyTarget() {
        DecisionApplier applier = applier(false, dns, haproxy);

        List<AttemptReport> reports = applier.apply(new Decision("d", "shop", 1, "rbx"), report -> { });

        assertThat(reports).extracting(AttemptReport::target, r -> r.outcome().result())
                .containsExactly(tuple("group:shop", Outcome.Result.REJECTED));
        assertThat(dns.applied).isEmpty();
        assertThat(haproxy.applied).isEmpty();
    }

    @Test
    void shouldRejectARegionOutsideTheGroupAndNotSpendTheEpoch() {
        DecisionApplier applier = applier(false, dns, haproxy);

        List<AttemptReport> forged = applier.apply(decision(7, "sbg"), report -> { });
        List<AttemptReport> genuine = applier.apply(decision(7, "rbx"), report -> { });

        assertThat(forged).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.REJECTED).hasSize(2);
        assertThat(forged.get(0).outcome().detail()).contains("region 'sbg' is not in group 'app'");
        assertThat(genuine).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.APPLIED);
        assertThat(dns.applied).containsExactly("rbx");
    }

    @Test
    void shouldRejectTheWholeDecisionWhenOneTargetHasNothingConfiguredForTheRegion() {
        ScriptedTarget graOnly = new ScriptedTarget("haproxy:old-lb/app", List.of("gra"));
        DecisionApplier applier = applier(false, dns, graOnly);

        List<AttemptReport> reports = applier.apply(decision(1, "rbx"), report -> { });

        assertThat(reports).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.REJECTED).hasSize(2);
        assertThat(reports.get(0).outcome().detail()).contains("haproxy:old-lb/app").contains("region 'rbx'");
        assertThat(dns.applied).isEmpty();
        assertThat(graOnly.applied).isEmpty();
    }

    @Test
    void shouldRetryAFailingTargetWithGrowingPausesAndReportEveryAttempt() {
        dns.failuresBeforeSuccess = 2;
        DecisionApplier applier = applier(false, dns);

        List<AttemptReport> reports = applier.apply(decision(1, "rbx"), report -> { });

        assertThat(reports).extracting(r -> r.outcome().result(), AttemptReport::attempt).containsExactly(
                tuple(Outcome.Result.FAILED, 1), tuple(Outcome.Result.FAILED, 2), tuple(Outcome.Result.APPLIED, 3));
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void shouldStopRetryingAfterTheLastAttempt() {
        dns.failuresBeforeSuccess = 10;
        DecisionApplier applier = applier(false, dns);

        List<AttemptReport> reports = applier.apply(decision(1, "rbx"), report -> { });

        assertThat(reports).extracting(r -> r.outcome().result()).containsExactly(
                Outcome.Result.FAILED, Outcome.Result.FAILED, Outcome.Result.FAILED);
    }

    @Test
    void shouldNotHoldBackOtherTargetsWhileOneIsStuck() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        dns.blockUntil = release;
        DecisionApplier applier = applier(false, dns, haproxy);
        CountDownLatch haproxyDone = new CountDownLatch(1);

        executor.submit(() -> applier.apply(decision(1, "rbx"), report -> {
            if (report.target().equals(haproxy.name())) {
                haproxyDone.countDown();
            }
        }));

        assertThat(haproxyDone.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(dns.applied).isEmpty();
        release.countDown();
    }

    @Test
    void shouldOnlyPreviewInDryRun() {
        DecisionApplier applier = applier(true, dns, haproxy);

        List<AttemptReport> reports = applier.apply(decision(1, "rbx"), report -> { });

        assertThat(reports).extracting(r -> r.outcome().result()).containsOnly(Outcome.Result.DRY_RUN).hasSize(2);
        assertThat(dns.applied).isEmpty();
        assertThat(haproxy.applied).isEmpty();
        assertThat(dns.previewed).containsExactly("rbx");
    }

    /** A target whose behaviour the test scripts; it records what it was asked to do. */
    private static final class ScriptedTarget implements Target {
        final String name;
        final List<String> regions;
        final List<String> applied = Collections.synchronizedList(new ArrayList<>());
        final List<String> previewed = Collections.synchronizedList(new ArrayList<>());
        volatile int failuresBeforeSuccess;
        volatile CountDownLatch blockUntil;

        ScriptedTarget(String name, List<String> regions) {
            this.name = name;
            this.regions = regions;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String group() {
            return "app";
        }

        @Override
        public Optional<String> refusal(String region) {
            return regions.contains(region) ? Optional.empty() : Optional.of("no backend configured for region '" + region + "'");
        }

        @Override
        public Outcome apply(String region, long epoch) {
            if (blockUntil != null) {
                try {
                    blockUntil.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Outcome.failed("interrupted");
                }
            }
            if (failuresBeforeSuccess > 0) {
                failuresBeforeSuccess--;
                return Outcome.failed("scripted failure");
            }
            applied.add(region);
            return Outcome.applied("now " + region);
        }

        @Override
        public Inspection inspect(String region) {
            return !applied.isEmpty() && applied.get(applied.size() - 1).equals(region)
                    ? Inspection.inState("now " + region)
                    : Inspection.drifted("not " + region);
        }

        @Override
        public Outcome preview(String region, long epoch) {
            previewed.add(region);
            return Outcome.dryRun("would set " + region);
        }
    }
}
