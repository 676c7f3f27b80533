package io.tripswitch.decision.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RegionEvaluatorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** gra is watched by rbx, sbg and an external probe; gra also watches itself. */
    private static final Deployment DEPLOYMENT = new Deployment(
            Map.of("gra", List.of("app1"), "rbx", List.of("app1"), "sbg", List.of("app1")),
            List.of("gra", "rbx", "sbg", "ext"),
            Map.of("app", List.of("gra", "rbx", "sbg")));

    private final MutableClock clock = new MutableClock(T0);
    private long seq;

    /** Observations of gra where each listed observer has made fall (3) checks of app1 with the given outcome. */
    private RegionObservations seen(HealthRules rules, Map<String, Boolean> upByObserver) {
        RegionObservations observations = RegionObservations.empty("gra");
        upByObserver.forEach((observer, up) -> {
            for (int i = 0; i < 3; i++) {
                seq++;
                observations.apply(observer, "app1", new Check("probe-" + observer, seq, up, clock.instant()), rules);
            }
        });
        return observations;
    }

    private RegionAssessment evaluate(HealthRules rules, Map<String, Boolean> upByObserver) {
        return judgeAlone(new RegionEvaluator(DEPLOYMENT, rules, clock), seen(rules, upByObserver), Optional.empty());
    }

    private static RegionAssessment judgeAlone(RegionEvaluator evaluator, RegionObservations observations, Optional<RegionAssessment> previous) {
        return evaluator.evaluate(observations.region(), evaluator.views(observations), previous.orElse(null));
    }

    @Test
    void shouldBeUpWhenEveryCountedObserverSeesItUp() {
        RegionAssessment gra = evaluate(HealthRules.defaults(), Map.of("rbx", true, "sbg", true, "ext", true));
        assertThat(gra.status()).isEqualTo(RegionAssessment.Status.UP);
        assertThat(gra.observersConfigured()).isEqualTo(3);
        assertThat(gra.observersReporting()).isEqualTo(3);
        assertThat(gra.endpointsUp()).isEqualTo(1);
    }

    @Test
    void shouldBeSuspectWhenOneObserverOfThreeSeesItDown() {
        RegionAssessment gra = evaluate(HealthRules.defaults(), Map.of("rbx", false, "sbg", true, "ext", true));
        assertThat(gra.status()).isEqualTo(RegionAssessment.Status.SUSPECT);
        assertThat(gra.observersDown()).isEqualTo(1);
    }

    @Test
    void shouldBeDownWhenAMajorityOfCountedObserversSeesItDown() {
        RegionAssessment gra = evaluate(HealthRules.defaults(), Map.of("rbx", false, "sbg", false, "ext", true));
        assertThat(gra.status()).isEqualTo(RegionAssessment.Status.DOWN);
        assertThat(gra.observersDown()).isEqualTo(2);
    }

    @Test
    void shouldBeDownWhenAQuorumSeesItDownEvenIfTheOtherObserverIsSilent() {
        // given rbx and sbg see gra down, ext said nothing at all
        RegionAssessment gra = evaluate(HealthRules.defaults(), Map.of("rbx", false, "sbg", false));
        assertThat(gra.status()).isEqualTo(RegionAssessment.Status.DOWN);
    }

    @Test
    void shouldBeUnknownWhenFewerThanQuorumObserversReport() {
        // given only rbx reports (1 of 3, quorum 2), and it sees gra up
        RegionAssessment gra = evaluate(HealthRules.defaults(), Map.of("rbx", true));
        assertThat(gra.status()).isEqualTo(RegionAssessment.Status.UNKNOWN);
        assertThat(gra.observersReporting()).isEqualTo(1);
    }

    @Test
    void shouldBecomeUnknownNotDownWhenTheObserversThatSawItDownFallSilent() {
        // given two observers saw gra down, then the evidence ages beyond staleAfter
        RegionObservations observations = seen(HealthRules.defaults(), Map.of("rbx", false, "sbg", false));
        clock.advance(Duration.ofSeconds(4));
        // when evaluated / then silence is not an outage
        RegionAssessment gra = judgeAlone(new RegionEvaluator(DEPLOYMENT, HealthRules.defaults(), clock), observations, Optional.empty());
        assertThat(gra.status()).isEqualTo(RegionAssessment.Status.UNKNOWN);
        assertThat(gra.views()).extracting(RegionView::status).containsOnly(RegionView.Status.STALE);
    }

    @Test
    void shouldRecordButNotCountTheRegionsOwnView() {
        // given gra sees itself down, the others see it up
        RegionAssessment gra = evaluate(HealthRules.defaults(), Map.of("gra", false, "rbx", true, "sbg", true, "ext", true));
        assertThat(gra.status()).isEqualTo(RegionAssessment.Status.UP);
        assertThat(gra.views()).extracting(RegionView::observer).contains("gra");
        assertThat(gra.observersDown()).isZero();
    }

    @Test
    void shouldCountTheRegionsOwnViewWhenConfiguredTo() {
        HealthRules countOwn = new HealthRules(2, 3, Duration.ofSeconds(3), 1, OptionalInt.empty(), true);
        RegionAssessment gra = evaluate(countOwn, Map.of("gra", false, "rbx", false, "sbg", true, "ext", true));
        assertThat(gra.observersConfigured()).isEqualTo(4);
        assertThat(gra.status()).isEqualTo(RegionAssessment.Status.SUSPECT); // 2 of 4, quorum 3
    }

    @Test
    void shouldUseAConfiguredQuorum() {
        HealthRules quorumOfOne = new HealthRules(2, 3, Duration.ofSeconds(3), 1, OptionalInt.of(1), false);
        RegionAssessment gra = evaluate(quorumOfOne, Map.of("rbx", false, "sbg", true, "ext", true));
        assertThat(gra.status()).isEqualTo(RegionAssessment.Status.DOWN);
    }

    @Test
    void shouldKeepSinceWhileTheStateHoldsAndResetItOnChange() {
        RegionEvaluator evaluator = new RegionEvaluator(DEPLOYMENT, HealthRules.defaults(), clock);
        RegionObservations observations = seen(HealthRules.defaults(), Map.of("rbx", true, "sbg", true, "ext", true));
        RegionAssessment first = judgeAlone(evaluator, observations, Optional.empty());
        clock.advance(Duration.ofSeconds(1));
        RegionAssessment same = judgeAlone(evaluator, observations, Optional.of(first));
        assertThat(same.since()).isEqualTo(T0);
        assertThat(same.saysSameAs(first)).isTrue();
        clock.advance(Duration.ofSeconds(5));
        RegionAssessment stale = judgeAlone(evaluator, observations, Optional.of(same));
        assertThat(stale.status()).isEqualTo(RegionAssessment.Status.UNKNOWN);
        assertThat(stale.since()).isEqualTo(clock.instant());
        assertThat(stale.saysSameAs(same)).isFalse();
    }
}
