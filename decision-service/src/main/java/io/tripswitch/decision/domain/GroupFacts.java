package io.tripswitch.decision.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the policy knows about a group's regions when it evaluates: their order, the stores whose lag gates
 * readiness, the latest health of each region heard about and the latest lag of each replica.
 *
 * @param regions the group's regions in priority order, preferred first
 * @param lags latest measurement per {@link ReplicaLag#key()}
 */
public record GroupFacts(List<String> regions, List<StoreSpec> stores, Map<String, RegionAssessment> health, Map<String, ReplicaLag> lags) {

    public GroupFacts {
        regions = List.copyOf(regions);
        stores = List.copyOf(stores);
        health = Map.copyOf(health);
        lags = Map.copyOf(lags);
    }

    public String preferredRegion() {
        return regions.get(0);
    }

    public boolean isDown(String region) {
        RegionAssessment assessment = health.get(region);
        return assessment != null && assessment.status() == RegionAssessment.Status.DOWN;
    }

    /** Every region of the group is DOWN by quorum (a region not heard about is not DOWN). */
    public boolean everyRegionDown() {
        return regions.stream().allMatch(this::isDown);
    }

    /** Readiness of every region, in priority order. */
    public Map<String, Readiness> readiness(PolicyRules rules, Instant now) {
        Map<String, Readiness> result = new LinkedHashMap<>();
        regions.forEach(region -> result.put(region, readinessOf(region, rules, now)));
        return result;
    }

    /** Readiness of one region (the health of every region is passed: a replica's lost source is judged by it). */
    public Readiness readinessOf(String region, PolicyRules rules, Instant now) {
        return Readiness.of(region, health, stores, lags, rules, now);
    }

    /** The health of the group's regions heard about, in priority order: the evidence of a decision. */
    public List<RegionAssessment> evidence() {
        return regions.stream().filter(health::containsKey).map(health::get).toList();
    }
}
