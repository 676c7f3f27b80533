package io.tripswitch.decision.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything every observer has seen of one region: per observer, the time of its newest check and the
 * rise/fall state of each endpoint. The unit of state the region evaluator keeps per region.
 */
public final class RegionObservations {

    /**
     * What one observer has seen of the region.
     *
     * @param firstSeen when its first check of the region was observed
     * @param lastSeen when its newest check of the region was observed
     * @param endpoints rise/fall state per endpoint id as reported (an HAProxy check reports one per server)
     */
    public record ObserverRecord(Instant firstSeen, Instant lastSeen, Map<String, EndpointHealth> endpoints) {

        public ObserverRecord {
            endpoints = new TreeMap<>(endpoints);
        }
    }

    private final String region;
    private final Map<String, ObserverRecord> observers;

    public RegionObservations(String region, Map<String, ObserverRecord> observers) {
        this.region = Objects.requireNonNull(region, "region");
        this.observers = new TreeMap<>(observers);
    }

    public static RegionObservations empty(String region) {
        return new RegionObservations(region, Map.of());
    }

    public String region() {
        return region;
    }

    /** Every observer's view of the region now, from its endpoints' states ({@link RegionView#assess}). */
    public List<RegionView> views(List<String> configuredEndpoints, HealthRules rules, Instant now) {
        return observers.entrySet().stream().map(entry -> RegionView.assess(entry.getKey(), configuredEndpoints, entry.getValue().endpoints(),
                entry.getValue().firstSeen(), entry.getValue().lastSeen(), rules, now)).toList();
    }

    /** Observers by id, in id order. */
    public Map<String, ObserverRecord> observers() {
        return java.util.Collections.unmodifiableMap(observers);
    }

    /**
     * Applies one check made by {@code observer} of {@code endpoint}. A check that is not newer than the last
     * one applied for that observer and endpoint changes nothing and returns false.
     */
    public boolean apply(String observer, String endpoint, Check check, HealthRules rules) {
        ObserverRecord current = observers.get(observer);
        Map<String, EndpointHealth> endpoints = current == null ? new TreeMap<>() : new TreeMap<>(current.endpoints());
        EndpointHealth before = endpoints.getOrDefault(endpoint, EndpointHealth.beforeFirstCheck());
        if (!before.isNew(check)) {
            return false;
        }
        endpoints.put(endpoint, before.apply(check, rules));
        Instant lastSeen = current == null || check.observedAt().isAfter(current.lastSeen()) ? check.observedAt() : current.lastSeen();
        Instant firstSeen = current == null || check.observedAt().isBefore(current.firstSeen()) ? check.observedAt() : current.firstSeen();
        observers.put(observer, new ObserverRecord(firstSeen, lastSeen, endpoints));
        return true;
    }
}
