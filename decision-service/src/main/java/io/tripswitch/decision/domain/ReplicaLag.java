package io.tripswitch.decision.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The latest measurement of how far one store's replica in one region is behind.
 *
 * @param lagMs how far behind, empty when it could not be measured (never read as zero)
 * @param healthy false when replication is broken (e.g. the WAL receiver is gone)
 */
public record ReplicaLag(String store, String replicaRegion, OptionalLong lagMs, boolean healthy, Instant observedAt) {

    public ReplicaLag {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(replicaRegion, "replicaRegion");
        Objects.requireNonNull(lagMs, "lagMs");
        Objects.requireNonNull(observedAt, "observedAt");
    }

    /** The key a measurement is kept under: one latest measurement per store and replica region. */
    public static String key(String store, String replicaRegion) {
        return store + "/" + replicaRegion;
    }

    public String key() {
        return key(store, replicaRegion);
    }
}
