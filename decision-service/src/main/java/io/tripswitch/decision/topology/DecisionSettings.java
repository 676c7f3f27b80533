package io.tripswitch.decision.topology;

import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigValidator;
import io.tripswitch.decision.domain.Deployment;
import io.tripswitch.decision.domain.HealthRules;
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
 * the health rules and the timing of windows and re-evaluation.
 *
 * @param window size of the tumbling event-time windows checks are aggregated in (the probe interval)
 * @param grace how late a check may arrive and still count
 * @param reevaluateEvery wall-clock period at which staleness is re-evaluated while no record arrives
 */
public record DecisionSettings(Topics topics, Deployment deployment, HealthRules rules, Duration window, Duration grace,
        Duration reevaluateEvery) {

    /** Re-evaluation period: a quarter of a second keeps STALE within ~250 ms of {@code staleAfter}. */
    public static final Duration REEVALUATE_EVERY = Duration.ofMillis(250);

    /** Validates the configuration (failing with the bad keys named) and takes what the decision-service needs. */
    public static DecisionSettings from(TripswitchConfig config) {
        TripswitchConfigValidator.requireValid(config);
        Map<String, List<String>> endpoints = new TreeMap<>();
        config.regions().forEach((id, region) -> endpoints.put(id, region.endpoints().stream().map(TripswitchConfig.Endpoint::id).toList()));
        List<String> observers = config.observers().orElseGet(() -> new ArrayList<>(endpoints.keySet()));
        Map<String, List<String>> groups = new LinkedHashMap<>();
        config.groups().forEach((id, group) -> groups.put(id, group.regions()));
        TripswitchConfig.Policy policy = config.policy();
        HealthRules rules = new HealthRules(policy.rise(), policy.fall(), policy.effectiveStaleAfter(), policy.minHealthyEndpoints(),
                policy.quorum().map(OptionalInt::of).orElse(OptionalInt.empty()), policy.countOwnRegion());
        return new DecisionSettings(new Topics(config.topicPrefix()), new Deployment(endpoints, observers, groups), rules,
                policy.interval(), policy.grace(), REEVALUATE_EVERY);
    }
}
