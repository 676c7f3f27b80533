package io.tripswitch.decision.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The thresholds that turn checks into endpoint, observer and region states (DESIGN.md, "Failover policy" 1–3).
 *
 * @param rise consecutive good checks before a DOWN endpoint is UP again
 * @param fall consecutive failed checks before an UP endpoint is DOWN
 * @param staleAfter silence after which an observer's view of a region is STALE
 * @param minHealthyEndpoints fewer UP endpoints than this and an observer sees the region DOWN
 * @param quorum observers that must agree; empty means a majority of the counted observers
 * @param countOwnRegion whether a region's own observer counts towards its quorum
 */
public record HealthRules(int rise, int fall, Duration staleAfter, int minHealthyEndpoints, OptionalInt quorum,
        boolean countOwnRegion) {

    public HealthRules {
        if (rise < 1 || fall < 1 || minHealthyEndpoints < 1) {
            throw new IllegalArgumentException("rise, fall and minHealthyEndpoints must be at least 1");
        }
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(quorum, "quorum");
    }

    /** The design's defaults: rise 2, fall 3, stale after 3 s, one healthy endpoint, majority quorum, own region not counted. */
    public static HealthRules defaults() {
        return new HealthRules(2, 3, Duration.ofSeconds(3), 1, OptionalInt.empty(), false);
    }

    /** Quorum for a region with this many counted observers: the configured number, else a strict majority. */
    public int quorumFor(int countedObservers) {
        return quorum.orElse(countedObservers / 2 + 1);
    }
}
