package io.tripswitch.decision.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Whether a region may take a group's traffic (DESIGN.md, "Failover policy" 4): it is UP, and for every store
 * of the group its replica in that region has a fresh (within {@code lagStaleAfter}) lag of at most
 * {@code maxReplicationLag}. A missing, stale, unmeasured or unhealthy measurement is not ready: traffic is
 * never sent to a replica we cannot show is caught up. The store's primary region is never behind.
 * <p>
 * One exception (docs/decisions/0007): a replica whose replication is reported broken because its source region
 * is DOWN is judged by its last healthy reading — ready iff that reading's lag was at most {@code maxReplicationLag}
 * and it was observed no more than {@code lagStaleAfter} before the break. The source's data stopped changing
 * when it died, so the age that matters is the reading's age at the break, not now. The break must be the source's
 * loss: reported no more than {@code lagStaleAfter} before the source region became DOWN (an earlier break, while the
 * source still took writes, leaves the replica not ready).
 *
 * @param reason why the region is not ready, or what made it ready
 * @param worstLagMs the largest lag among the region's replicas, when any was measured (for a lost source: its last figure)
 * @param cause what stands in the way, in a word that stays the same while the figures in {@code reason} move
 *        ({@code ready} when nothing does): a blocked failover's alert is updated when it changes
 */
public record Readiness(boolean ready, String reason, OptionalLong worstLagMs, String cause) {

    /** The cause of a ready region. */
    public static final String READY = "ready";

    /**
     * Assesses {@code region} for a group whose stores are {@code stores}, knowing the health of the regions in
     * {@code health} (the candidate's and, for a lost source, the source's); {@code lags} are keyed by {@link ReplicaLag#key()}.
     */
    public static Readiness of(String region, Map<String, RegionAssessment> health, List<StoreSpec> stores, Map<String, ReplicaLag> lags,
            PolicyRules rules, Instant now) {
        RegionAssessment own = health.get(region);
        if (own == null) {
            return notReady("no-health", region + ": no health heard yet");
        }
        if (own.status() != RegionAssessment.Status.UP) {
            return notReady(own.status().name(), region + " " + own.status());
        }
        long worst = -1;
        List<String> lostSources = new ArrayList<>();
        for (StoreSpec store : stores) {
            if (store.isPrimaryIn(region)) {
                continue;
            }
            if (!store.hasReplicaIn(region)) {
                return notReady("no-replica", region + " has no replica of " + store.id());
            }
            ReplicaLag lag = lags.get(ReplicaLag.key(store.id(), region));
            if (lag == null) {
                return notReady("no-lag", region + ": no lag measured for " + store.id());
            }
            Duration age = Duration.between(lag.observedAt(), now);
            if (age.compareTo(rules.lagStaleAfter()) > 0) {
                return notReady("lag-stale", region + ": lag of " + store.id() + " last measured " + age.toSeconds() + " s ago (stale after "
                        + rules.lagStaleAfter().toSeconds() + " s)");
            }
            long ms;
            if (!lag.healthy()) {
                LostSource lost = LostSource.judge(store, lag, health, rules);
                if (!lost.ready()) {
                    return notReady("replication-broken", region + ": " + lost.reason());
                }
                lostSources.add(lost.reason());
                ms = lag.lastHealthy().orElseThrow().lagMs();
            } else if (lag.lagMs().isEmpty()) {
                return notReady("lag-unmeasured", region + ": lag of " + store.id() + " could not be measured");
            } else {
                ms = lag.lagMs().getAsLong();
                if (ms > rules.maxReplicationLag().toMillis()) {
                    return notReady("lag-too-far", region + ": " + store.id() + " is " + ms + " ms behind (max " + rules.maxReplicationLag().toMillis() + " ms)");
                }
            }
            worst = Math.max(worst, ms);
        }
        String reason = region + " UP" + (worst >= 0 ? ", replicas at most " + worst + " ms behind" : "")
                + (lostSources.isEmpty() ? "" : "; " + String.join("; ", lostSources));
        return new Readiness(true, reason, worst >= 0 ? OptionalLong.of(worst) : OptionalLong.empty(), READY);
    }

    private static Readiness notReady(String cause, String reason) {
        return new Readiness(false, reason, OptionalLong.empty(), cause);
    }

    /** The verdict on one replica reported broken: may its last healthy reading stand in for it? */
    private record LostSource(boolean ready, String reason) {

        static LostSource judge(StoreSpec store, ReplicaLag lag, Map<String, RegionAssessment> health, PolicyRules rules) {
            Instant brokenSince = lag.brokenSince().orElseThrow();
            // The probe's sourceRegion and the configured primary should agree; if they do not, both must be DOWN.
            Set<String> sources = new LinkedHashSet<>();
            lag.sourceRegion().ifPresent(sources::add);
            store.primary().ifPresent(sources::add);
            if (sources.isEmpty()) {
                return new LostSource(false, "replication of " + store.id() + " is broken since " + brokenSince + " (its source region is unknown)");
            }
            for (String source : sources) {
                RegionAssessment sourceHealth = health.get(source);
                if (sourceHealth == null || sourceHealth.status() != RegionAssessment.Status.DOWN) {
                    return new LostSource(false, "replication of " + store.id() + " from " + source + " is broken since " + brokenSince + " ("
                            + source + " " + (sourceHealth == null ? "not heard about" : sourceHealth.status()) + ", not DOWN)");
                }
                // A break reported well before its source went DOWN was not the source's loss: the source may have taken
                // writes the replica never got between the break and its death, so the last healthy reading says nothing.
                if (brokenSince.isBefore(sourceHealth.since().minus(rules.lagStaleAfter()))) {
                    return new LostSource(false, "replication of " + store.id() + " from " + source + " broke at " + brokenSince
                            + ", more than " + rules.lagStaleAfter().toSeconds() + " s before " + source + " was DOWN (since "
                            + sourceHealth.since() + "): " + source + " may have taken writes after the break");
                }
            }
            String lost = "replication of " + store.id() + " from " + String.join(" and ", sources) + " lost at " + brokenSince + " ("
                    + String.join(", ", sources.stream().map(source -> source + " DOWN").toList()) + ")";
            if (lag.lastHealthy().isEmpty()) {
                return new LostSource(false, lost + " with no healthy lag reading before it");
            }
            ReplicaLag.Measurement last = lag.lastHealthy().get();
            Duration ageAtBreak = Duration.between(last.observedAt(), brokenSince);
            if (ageAtBreak.compareTo(rules.lagStaleAfter()) > 0) {
                return new LostSource(false, lost + "; last healthy lag reading at " + last.observedAt() + ", " + ageAtBreak.toSeconds()
                        + " s before the break (stale after " + rules.lagStaleAfter().toSeconds() + " s)");
            }
            if (last.lagMs() > rules.maxReplicationLag().toMillis()) {
                return new LostSource(false, lost + "; last measured lag " + last.lagMs() + " ms at " + last.observedAt() + " (max "
                        + rules.maxReplicationLag().toMillis() + " ms)");
            }
            return new LostSource(true, lost + "; last measured lag " + last.lagMs() + " ms at " + last.observedAt());
        }
    }
}
