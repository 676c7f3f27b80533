package io.tripswitch.decision.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A region as seen by one observer (DESIGN.md, "Failover policy" 2): DOWN when fewer than
 * {@code minHealthyEndpoints} of its endpoints are UP, STALE when the observer said nothing about the
 * region for {@code staleAfter}. Stale is not down: missing data is never evidence of an outage.
 *
 * @param lastSeen when the observer's newest check of this region was observed (event time)
 * @param excused whether the observer's own region is DOWN, so that this view does not count (rule 3)
 */
public record RegionView(String observer, Status status, int endpointsUp, Instant lastSeen, boolean excused) {

    /** What one observer sees of a region. */
    public enum Status { UP, DOWN, STALE }

    /** A view whose observer is not excused. */
    public RegionView(String observer, Status status, int endpointsUp, Instant lastSeen) {
        this(observer, status, endpointsUp, lastSeen, false);
    }

    /** This view, marked as coming from an observer whose own region is DOWN (or not). */
    public RegionView excused(boolean excused) {
        return excused == this.excused ? this : new RegionView(observer, status, endpointsUp, lastSeen, excused);
    }

    public boolean counts() {
        return !excused;
    }

    /**
     * Assesses the view from the states of what the observer reported ({@code reported}: keyed by the endpoint id a
     * result named). Each result counts toward the configured endpoint it came from: its own id, or, for a check that
     * reports several results (HAProxy: {@code <id>/<backend>/<server>}), the configured id before a {@code /}; such an
     * endpoint is UP when any of its results is UP. An endpoint never reported is unknown, never UP. Only while the
     * observer is new to the region (it first reported it less than {@code staleAfter} ago: the results of one round
     * arrive one by one) is an endpoint not reported yet no evidence either way: the view is then DOWN only if even
     * those could not make up {@code minHealthyEndpoints}.
     *
     * @param firstSeen when the observer's first check of this region was observed
     */
    public static RegionView assess(String observer, List<String> configuredEndpoints, Map<String, EndpointHealth> reported,
            Instant firstSeen, Instant lastSeen, HealthRules rules, Instant now) {
        Map<String, Boolean> upByEndpoint = upByEndpoint(configuredEndpoints, reported, rules.staleAfter());
        int up = (int) upByEndpoint.values().stream().filter(Boolean::booleanValue).count();
        int unknown = configuredEndpoints.size() - upByEndpoint.size();
        boolean newToRegion = Duration.between(firstSeen, now).compareTo(rules.staleAfter()) < 0;
        Status status;
        if (Duration.between(lastSeen, now).compareTo(rules.staleAfter()) > 0) {
            status = Status.STALE;
        } else if (up >= rules.minHealthyEndpoints() || newToRegion && up + unknown >= rules.minHealthyEndpoints()) {
            status = Status.UP;
        } else {
            status = Status.DOWN;
        }
        return new RegionView(observer, status, up, lastSeen);
    }

    /**
     * Per configured endpoint that has been reported: whether it is UP. A result older than {@code staleAfter} behind
     * its endpoint's newest one no longer counts (a server taken out of HAProxy stops being reported).
     */
    private static Map<String, Boolean> upByEndpoint(List<String> configuredEndpoints, Map<String, EndpointHealth> reported, Duration staleAfter) {
        Set<String> configured = new HashSet<>(configuredEndpoints);
        Map<String, Instant> newest = new HashMap<>();
        reported.forEach((id, health) -> endpointOf(id, configured).ifPresent(endpoint ->
                newest.merge(endpoint, observedAt(health), (a, b) -> a.isAfter(b) ? a : b)));
        Map<String, Boolean> up = new HashMap<>();
        reported.forEach((id, health) -> endpointOf(id, configured).ifPresent(endpoint -> {
            boolean current = Duration.between(observedAt(health), newest.get(endpoint)).compareTo(staleAfter) <= 0;
            up.merge(endpoint, current && health.up(), Boolean::logicalOr);
        }));
        return up;
    }

    /** The configured endpoint a reported id belongs to: itself, else its longest configured prefix ending before a '/'. */
    static Optional<String> endpointOf(String reportedId, Set<String> configured) {
        String id = reportedId;
        while (true) {
            if (configured.contains(id)) {
                return Optional.of(id);
            }
            int slash = id.lastIndexOf('/');
            if (slash <= 0) {
                return Optional.empty();
            }
            id = id.substring(0, slash);
        }
    }

    private static Instant observedAt(EndpointHealth health) {
        return health.lastApplied().map(Check::observedAt).orElse(Instant.EPOCH);
    }
}
