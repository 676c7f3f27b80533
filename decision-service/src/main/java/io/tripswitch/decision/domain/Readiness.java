package io.tripswitch.decision.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Whether a region may take a group's traffic (DESIGN.md, "Failover policy" 4): it is UP, and for every store
 * of the group its replica in that region has a fresh (within {@code lagStaleAfter}) lag of at most
 * {@code maxReplicationLag}. A missing, stale, unmeasured or unhealthy measurement is not ready: traffic is
 * never sent to a replica we cannot show is caught up. The store's primary region is never behind.
 *
 * @param reason why the region is not ready, or what made it ready
 * @param worstLagMs the largest lag among the region's replicas, when any was measured
 */
public record Readiness(boolean ready, String reason, OptionalLong worstLagMs) {

    /** Assesses {@code region} for a group whose stores are {@code stores}; {@code lags} are keyed by {@link ReplicaLag#key()}. */
    public static Readiness of(String region, RegionAssessment health, List<StoreSpec> stores, Map<String, ReplicaLag> lags,
            PolicyRules rules, Instant now) {
        if (health == null) {
            return notReady(region + ": no health heard yet");
        }
        if (health.status() != RegionAssessment.Status.UP) {
            return notReady(region + " " + health.status());
        }
        long worst = -1;
        for (StoreSpec store : stores) {
            if (store.isPrimaryIn(region)) {
                continue;
            }
            if (!store.hasReplicaIn(region)) {
                return notReady(region + " has no replica of " + store.id());
            }
            ReplicaLag lag = lags.get(ReplicaLag.key(store.id(), region));
            if (lag == null) {
                return notReady(region + ": no lag measured for " + store.id());
            }
            Duration age = Duration.between(lag.observedAt(), now);
            if (age.compareTo(rules.lagStaleAfter()) > 0) {
                return notReady(region + ": lag of " + store.id() + " last measured " + age.toSeconds() + " s ago (stale after "
                        + rules.lagStaleAfter().toSeconds() + " s)");
            }
            if (!lag.healthy()) {
                return notReady(region + ": replication of " + store.id() + " is broken");
            }
            if (lag.lagMs().isEmpty()) {
                return notReady(region + ": lag of " + store.id() + " could not be measured");
            }
            long ms = lag.lagMs().getAsLong();
            if (ms > rules.maxReplicationLag().toMillis()) {
                return notReady(region + ": " + store.id() + " is " + ms + " ms behind (max " + rules.maxReplicationLag().toMillis() + " ms)");
            }
            worst = Math.max(worst, ms);
        }
        return new Readiness(true, region + " UP" + (worst >= 0 ? ", replicas at most " + worst + " ms behind" : ""),
                worst >= 0 ? OptionalLong.of(worst) : OptionalLong.empty());
    }

    private static Readiness notReady(String reason) {
        return new Readiness(false, reason, OptionalLong.empty());
    }
}
