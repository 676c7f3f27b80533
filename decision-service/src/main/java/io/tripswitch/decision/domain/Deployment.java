package io.tripswitch.decision.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the policy needs to know about the deployment: each region's endpoints, the observers whose
 * views count, each traffic group's regions in priority order, and the replicated stores that gate readiness.
 *
 * @param endpointsByRegion endpoint ids per region id
 * @param observers observers whose views count towards quorum (before the own-region rule)
 * @param groups region ids per group id, preferred first
 * @param stores replicated stores by id
 * @param groupStores store ids per group id (a group absent here has no store)
 */
public record Deployment(Map<String, List<String>> endpointsByRegion, List<String> observers, Map<String, List<String>> groups,
        Map<String, StoreSpec> stores, Map<String, List<String>> groupStores) {

    public Deployment {
        endpointsByRegion = copy(endpointsByRegion);
        observers = List.copyOf(observers);
        groups = copy(groups);
        stores = Map.copyOf(stores);
        groupStores = copy(groupStores);
    }

    /** A deployment without replicated stores. */
    public Deployment(Map<String, List<String>> endpointsByRegion, List<String> observers, Map<String, List<String>> groups) {
        this(endpointsByRegion, observers, groups, Map.of(), Map.of());
    }

    public boolean knowsGroup(String group) {
        return groups.containsKey(group);
    }

    public boolean knowsStore(String store) {
        return stores.containsKey(store);
    }

    /** The stores whose replica lag gates a group's failover. */
    public List<StoreSpec> storesOf(String group) {
        return groupStores.getOrDefault(group, List.of()).stream().map(stores::get).toList();
    }

    /** Groups whose readiness depends on this store. */
    public List<String> groupsUsingStore(String store) {
        List<String> result = new ArrayList<>();
        groupStores.forEach((group, ids) -> {
            if (ids.contains(store)) {
                result.add(group);
            }
        });
        return result;
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
