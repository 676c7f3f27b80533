package io.tripswitch.decision.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RegionViewTest {

    private static final HealthRules RULES = HealthRules.defaults(); // stale after 3 s, one healthy endpoint
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");
    /** An observer that first reported the region long ago. */
    private static final Instant LONG_AGO = NOW.minusSeconds(60);
    private static final List<String> ENDPOINTS = List.of("app1", "app2");
    private static final EndpointHealth UP = checked(true, NOW);
    private static final EndpointHealth DOWN = checked(false, NOW);

    private static EndpointHealth checked(boolean up, Instant at) {
        return new EndpointHealth(up, up ? 3 : 0, up ? 0 : 3, Optional.of(new Check("probe-rbx", 1, up, at)));
    }

    private static RegionView assess(Map<String, EndpointHealth> reported, Instant firstSeen, Instant lastSeen) {
        return RegionView.assess("rbx", ENDPOINTS, reported, firstSeen, lastSeen, RULES, NOW);
    }

    @Test
    void shouldSeeTheRegionUpWhileAtLeastMinHealthyEndpointsAreUp() {
        RegionView view = assess(Map.of("app1", DOWN, "app2", UP), LONG_AGO, NOW);
        assertThat(view.status()).isEqualTo(RegionView.Status.UP);
        assertThat(view.endpointsUp()).isEqualTo(1);
    }

    @Test
    void shouldSeeTheRegionDownWhenFewerThanMinHealthyEndpointsAreUp() {
        RegionView view = assess(Map.of("app1", DOWN, "app2", DOWN), LONG_AGO, NOW);
        assertThat(view.status()).isEqualTo(RegionView.Status.DOWN);
        assertThat(view.endpointsUp()).isZero();
    }

    @Test
    void shouldNeverCountAnEndpointTheObserverNeverReportedAsUp() {
        // given app2 was never reported (a check nobody runs, an id that does not match), app1 is DOWN
        RegionView view = assess(Map.of("app1", DOWN), LONG_AGO, NOW);
        // then app2 is unknown, not UP: the region is DOWN as this observer sees it
        assertThat(view.endpointsUp()).isZero();
        assertThat(view.status()).isEqualTo(RegionView.Status.DOWN);
    }

    @Test
    void shouldNotCallTheRegionDownForAnEndpointNotReportedYetWhileTheObserverIsNewToTheRegion() {
        // given two healthy endpoints required, and the observer's first round: app1 reported UP, app2 not yet
        HealthRules twoHealthy = new HealthRules(2, 3, Duration.ofSeconds(3), 2, OptionalInt.empty(), false);
        Map<String, EndpointHealth> reported = Map.of("app1", checked(true, NOW));
        // when assessed within staleAfter of its first report / then app2 is no evidence yet
        RegionView young = RegionView.assess("rbx", ENDPOINTS, reported, NOW.minusSeconds(1), NOW, twoHealthy, NOW);
        assertThat(young.status()).isEqualTo(RegionView.Status.UP);
        assertThat(young.endpointsUp()).isEqualTo(1);
        // when app2 is still missing staleAfter later / then it counts as not UP
        RegionView settled = RegionView.assess("rbx", ENDPOINTS, reported, NOW.minusSeconds(4), NOW, twoHealthy, NOW);
        assertThat(settled.status()).isEqualTo(RegionView.Status.DOWN);
    }

    @Test
    void shouldCountEveryResultOfAnHaproxyCheckTowardItsEndpoint() {
        // given endpoint "lb" checked through HAProxy: one result per server, as <id>/<backend>/<server>
        List<String> endpoints = List.of("lb");
        Map<String, EndpointHealth> oneServerUp = Map.of("lb/app_gra/s1", checked(false, NOW), "lb/app_gra/s2", checked(true, NOW));
        Map<String, EndpointHealth> allDown = Map.of("lb/app_gra/s1", checked(false, NOW), "lb/app_gra/s2", checked(false, NOW));
        // then lb is UP while any server is UP, DOWN when all are
        assertThat(RegionView.assess("rbx", endpoints, oneServerUp, LONG_AGO, NOW, RULES, NOW).status()).isEqualTo(RegionView.Status.UP);
        RegionView down = RegionView.assess("rbx", endpoints, allDown, LONG_AGO, NOW, RULES, NOW);
        assertThat(down.status()).isEqualTo(RegionView.Status.DOWN);
        assertThat(down.endpointsUp()).isZero();
    }

    @Test
    void shouldStopCountingAServerNoLongerReportedByItsHaproxyCheck() {
        // given s1 was last reported UP 10 s ago (removed from HAProxy since), s2 is reported DOWN now
        Map<String, EndpointHealth> reported = Map.of("lb/app_gra/s1", checked(true, NOW.minusSeconds(10)), "lb/app_gra/s2", checked(false, NOW));
        // then s1 no longer holds lb UP
        assertThat(RegionView.assess("rbx", List.of("lb"), reported, LONG_AGO, NOW, RULES, NOW).status()).isEqualTo(RegionView.Status.DOWN);
    }

    @Test
    void shouldIgnoreAResultThatBelongsToNoConfiguredEndpoint() {
        RegionView view = assess(Map.of("app1", UP, "app2", UP, "app3", DOWN, "other/app1", DOWN), LONG_AGO, NOW);
        assertThat(view.endpointsUp()).isEqualTo(2);
        assertThat(view.status()).isEqualTo(RegionView.Status.UP);
    }

    @Test
    void shouldSeeTheRegionStaleAfterStaleAfterOfSilenceEvenIfItsEndpointsWereDown() {
        // given an observer whose last word was that everything is down, 3.001 s ago
        Instant lastSeen = NOW.minus(Duration.ofMillis(3001));
        // when assessed / then silence wins: stale is not down
        RegionView view = assess(Map.of("app1", DOWN, "app2", DOWN), LONG_AGO, lastSeen);
        assertThat(view.status()).isEqualTo(RegionView.Status.STALE);
    }

    @Test
    void shouldNotBeStaleAtExactlyStaleAfter() {
        RegionView view = assess(Map.of("app1", UP, "app2", UP), LONG_AGO, NOW.minusSeconds(3));
        assertThat(view.status()).isEqualTo(RegionView.Status.UP);
    }
}
