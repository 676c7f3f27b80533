package io.tripswitch.decision.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegionViewTest {

    private static final HealthRules RULES = HealthRules.defaults(); // stale after 3 s, one healthy endpoint
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");
    private static final List<String> ENDPOINTS = List.of("app1", "app2");
    private static final EndpointHealth DOWN = new EndpointHealth(false, 0, 3, Optional.empty());

    @Test
    void shouldSeeTheRegionUpWhileAtLeastMinHealthyEndpointsAreUp() {
        RegionView view = RegionView.assess("rbx", ENDPOINTS, Map.of("app1", DOWN), NOW, RULES, NOW);
        assertThat(view.status()).isEqualTo(RegionView.Status.UP);
        assertThat(view.endpointsUp()).isEqualTo(1);
    }

    @Test
    void shouldSeeTheRegionDownWhenFewerThanMinHealthyEndpointsAreUp() {
        RegionView view = RegionView.assess("rbx", ENDPOINTS, Map.of("app1", DOWN, "app2", DOWN), NOW, RULES, NOW);
        assertThat(view.status()).isEqualTo(RegionView.Status.DOWN);
        assertThat(view.endpointsUp()).isZero();
    }

    @Test
    void shouldCountAnEndpointTheObserverNeverCheckedAsUp() {
        RegionView view = RegionView.assess("rbx", ENDPOINTS, Map.of("app1", DOWN), NOW, RULES, NOW);
        assertThat(view.endpointsUp()).isEqualTo(1);
    }

    @Test
    void shouldSeeTheRegionStaleAfterStaleAfterOfSilenceEvenIfItsEndpointsWereDown() {
        // given an observer whose last word was that everything is down, 3.001 s ago
        Instant lastSeen = NOW.minus(Duration.ofMillis(3001));
        // when assessed / then silence wins: stale is not down
        RegionView view = RegionView.assess("rbx", ENDPOINTS, Map.of("app1", DOWN, "app2", DOWN), lastSeen, RULES, NOW);
        assertThat(view.status()).isEqualTo(RegionView.Status.STALE);
    }

    @Test
    void shouldNotBeStaleAtExactlyStaleAfter() {
        RegionView view = RegionView.assess("rbx", ENDPOINTS, Map.of(), NOW.minusSeconds(3), RULES, NOW);
        assertThat(view.status()).isEqualTo(RegionView.Status.UP);
    }
}
