package io.tripswitch.decision.topology;

import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigValidator;
import io.tripswitch.decision.domain.Deployment;
import io.tripswitch.decision.domain.HealthRules;
import io.tripswitch.decision.domain.PolicyRules;
import io.tripswitch.decision.domain.StoreSpec;
import io.tripswitch.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Everything the topology is built from, taken once from {@code tripswitch.yaml}: topics, the deployment,
 * the health and policy rules and the timing of windows and re-evaluation.
 *
 * @param window size of the tumbling event-time windows checks are aggregated in (the probe interval)
 * @param grace how late a check may arrive and still count
 * @param reevaluateEvery wall-clock period at which staleness and the group timers are re-evaluated while no record arrives
 * @param maxClockSkew input stamped further in the future than this goes to the dead-letter topic
 */
public record DecisionSettings(Topics topics, Deployment deployment, HealthRules rules, Duration window, Duration grace,
        Duration reevaluateEvery, PolicyRules policy, Duration maxClockSkew) {

    /** Re-evaluation period: a quarter of a second keeps STALE within ~250 ms of {@code staleAfter}. */
    public static final Duration REEVALUATE_EVERY = Duration.ofMillis(250);

    /** The design's default skew bound. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(30);

    /** Settings with the default policy rules and skew bound. */
    public DecisionSettings(Topics topics, Deployment deployment, HealthRules rules, Duration window, Duration grace, Duration reevaluateEvery) {
        this(topics, deployment, rules, window, grace, reevaluateEvery, PolicyRules.defaults(), MAX_CLOCK_SKEW);
    }

    /** Validates the configuration (failing with the bad keys named) and takes what the decision-service needs. */
    public static DecisionSettings from(TripswitchConfig config) {
        TripswitchConfigValidator.requireValid(config);
        Map<String, List<String>> endpoints = new TreeMap<>();
        config.regions().forEach((id, region) -> endpoints.put(id, region.endpoints().stream().map(TripswitchConfig.Endpoint::id).toList()));
        List<String> observers = config.observers().orElseGet(() -> new ArrayList<>(endpoints.keySet()));
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Map<String, List<String>> groupStores = new LinkedHashMap<>();
        config.groups().forEach((id, group) -> {
            groups.put(id, group.regions());
            groupStores.put(id, group.stores().orElse(List.of()));
        });
        Map<String, StoreSpec> stores = new TreeMap<>();
        config.stores().forEach((id, store) -> stores.put(id, new StoreSpec(id, store.replicas(), store.primary())));
        TripswitchConfig.Policy policy = config.policy();
        HealthRules rules = new HealthRules(policy.rise(), policy.fall(), policy.effectiveStaleAfter(), policy.minHealthyEndpoints(),
                policy.quorum().map(OptionalInt::of).orElse(OptionalInt.empty()), policy.countOwnRegion());
        PolicyRules policyRules = new PolicyRules(policy.holdDown(), PolicyRules.Failback.valueOf(policy.failback().name()),
                policy.failbackAfter(), policy.maxReplicationLag(), policy.lagStaleAfter(), policy.maxFlips(), policy.flapWindow());
        return new DecisionSettings(new Topics(config.topicPrefix()), new Deployment(endpoints, observers, groups, stores, groupStores), rules,
                policy.interval(), policy.grace(), REEVALUATE_EVERY, policyRules, policy.maxClockSkew());
    }

    public DecisionSettings withPolicy(PolicyRules rules) {
        return new DecisionSettings(topics, deployment, this.rules, window, grace, reevaluateEvery, rules, maxClockSkew);
    }
}
