package io.tripswitch.decision.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the policy needs to know about the deployment: each region's endpoints, the observers whose
 * views count, and each traffic group's regions in priority order.
 *
 * @param endpointsByRegion endpoint ids per region id
 * @param observers observers whose views count towards quorum (before the own-region rule)
 * @param groups region ids per group id, preferred first
 */
public record Deployment(Map<String, List<String>> endpointsByRegion, List<String> observers, Map<String, List<String>> groups) {

    public Deployment {
        endpointsByRegion = copy(endpointsByRegion);
        observers = List.copyOf(observers);
        groups = copy(groups);
    }

    public boolean knowsRegion(String region) {
        return endpointsByRegion.containsKey(region);
    }

    public List<String> endpointsOf(String region) {
        return endpointsByRegion.getOrDefault(region, List.of());
    }

    /** The observers counted for a region: every configured observer, minus the region itself unless it counts. */
    public List<String> countedObservers(String region, HealthRules rules) {
        return observers.stream().filter(observer -> rules.countOwnRegion() || !observer.equals(region)).toList();
    }

    /** Groups served (in any position) by this region. */
    public List<String> groupsOf(String region) {
        List<String> result = new ArrayList<>();
        groups.forEach((group, regions) -> {
            if (regions.contains(region)) {
                result.add(group);
            }
        });
        return result;
    }

    public List<String> regionsOf(String group) {
        return groups.getOrDefault(group, List.of());
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> source) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(source).forEach((key, values) -> copy.put(key, List.copyOf(values)));
        return java.util.Collections.unmodifiableMap(copy);
    }
}
