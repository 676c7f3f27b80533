package io.tripswitch.decision.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The latest measurement of how far one store's replica in one region is behind, with what must be remembered
 * across readings to judge a replica whose source was lost (docs/decisions/0007): its last healthy figure and
 * when replication was first reported broken after it.
 *
 * @param sourceRegion the region the replica copies from, as the probe reported it (absent in state kept before it was recorded)
 * @param lagMs how far behind, empty when it could not be measured (never read as zero)
 * @param healthy false when replication is broken (e.g. the WAL receiver is gone)
 * @param lastHealthy the last healthy reading that had a figure, this one included
 * @param brokenSince when replication was first reported broken after the last healthy reading; present iff not healthy
 */
public record ReplicaLag(String store, String replicaRegion, Optional<String> sourceRegion, OptionalLong lagMs, boolean healthy,
        Instant observedAt, Optional<Measurement> lastHealthy, Optional<Instant> brokenSince) {

    /** A healthy lag figure and when it was observed. */
    public record Measurement(long lagMs, Instant observedAt) {

        public Measurement {
            Objects.requireNonNull(observedAt, "observedAt");
        }
    }

    public ReplicaLag {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(replicaRegion, "replicaRegion");
        Objects.requireNonNull(sourceRegion, "sourceRegion");
        Objects.requireNonNull(lagMs, "lagMs");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(lastHealthy, "lastHealthy");
        Objects.requireNonNull(brokenSince, "brokenSince");
        if (healthy && brokenSince.isPresent()) {
            throw new IllegalArgumentException("a healthy reading of " + key(store, replicaRegion) + " cannot be broken since " + brokenSince.get());
        }
        if (healthy && lagMs.isPresent()) {
            lastHealthy = Optional.of(new Measurement(lagMs.getAsLong(), observedAt)); // a healthy figure is its own last healthy reading
        }
        if (!healthy && brokenSince.isEmpty()) {
            brokenSince = Optional.of(observedAt); // nothing earlier known: broken since this reading
        }
    }

    /** One reading on its own, remembering nothing earlier. */
    public static ReplicaLag reading(String store, String replicaRegion, String sourceRegion, OptionalLong lagMs, boolean healthy, Instant observedAt) {
        return new ReplicaLag(store, replicaRegion, Optional.ofNullable(sourceRegion), lagMs, healthy, observedAt, Optional.empty(), Optional.empty());
    }

    /**
     * This reading, remembering what {@code previous} (the reading before it of the same replica) knew: the last
     * healthy figure survives a break, and a break dates from its first broken reading. A healthy reading clears the break.
     */
    public ReplicaLag following(ReplicaLag previous) {
        if (!previous.key().equals(key())) {
            throw new IllegalArgumentException("reading of " + key() + " cannot follow one of " + previous.key());
        }
        Optional<Instant> since = healthy ? Optional.empty() : previous.healthy ? Optional.of(observedAt) : previous.brokenSince;
        return new ReplicaLag(store, replicaRegion, sourceRegion, lagMs, healthy, observedAt, previous.lastHealthy, since);
    }

    /** The key a measurement is kept under: one latest measurement per store and replica region. */
    public static String key(String store, String replicaRegion) {
        return store + "/" + replicaRegion;
    }

    public String key() {
        return key(store, replicaRegion);
    }
}
