package io.tripswitch.decision.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A region as seen by one observer (DESIGN.md, "Failover policy" 2): DOWN when fewer than
 * {@code minHealthyEndpoints} of its endpoints are UP, STALE when the observer said nothing about the
 * region for {@code staleAfter}. Stale is not down: missing data is never evidence of an outage.
 *
 * @param lastSeen when the observer's newest check of this region was observed (event time)
 */
public record RegionView(String observer, Status status, int endpointsUp, Instant lastSeen) {

    /** What one observer sees of a region. */
    public enum Status { UP, DOWN, STALE }

    /**
     * Assesses the view from the endpoints' states. Only the region's configured endpoints count; one the
     * observer never checked is UP (see {@link EndpointHealth#neverSeen()}).
     */
    public static RegionView assess(String observer, List<String> configuredEndpoints, Map<String, EndpointHealth> endpoints,
            Instant lastSeen, HealthRules rules, Instant now) {
        int up = (int) configuredEndpoints.stream()
                .filter(id -> endpoints.getOrDefault(id, EndpointHealth.neverSeen()).up())
                .count();
        Status status;
        if (Duration.between(lastSeen, now).compareTo(rules.staleAfter()) > 0) {
            status = Status.STALE;
        } else if (up < rules.minHealthyEndpoints()) {
            status = Status.DOWN;
        } else {
            status = Status.UP;
        }
        return new RegionView(observer, status, up, lastSeen);
    }
}
