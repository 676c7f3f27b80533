package io.tripswitch.probe.lag;

import io.tripswitch.config.TripswitchConfig.StoreKind;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One measurement of how far one store's replica in one region is behind its source region.
 *
 * @param store         store id (key under {@code tripswitch.stores})
 * @param kind          kind of store
 * @param sourceRegion  region the replica copies from
 * @param replicaRegion region of the replica measured
 * @param lagMs         how far behind, when it could be measured
 * @param lagBytes      WAL bytes not yet replayed (PostgreSQL), when known
 * @param healthy       false when replication is broken or could not be observed: never to be read as zero lag
 * @param detail        short human-readable account of how the figure was obtained or why it is missing
 */
public record LagReading(String store, StoreKind kind, String sourceRegion, String replicaRegion, OptionalLong lagMs,
        OptionalLong lagBytes, boolean healthy, String detail) {

    public LagReading {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sourceRegion, "sourceRegion");
        Objects.requireNonNull(replicaRegion, "replicaRegion");
        Objects.requireNonNull(lagMs, "lagMs");
        Objects.requireNonNull(lagBytes, "lagBytes");
        Objects.requireNonNull(detail, "detail");
    }

    /** Replication is broken or unobservable: no lag figure, not healthy. */
    public static LagReading broken(String store, StoreKind kind, String sourceRegion, String replicaRegion, String detail) {
        return new LagReading(store, kind, sourceRegion, replicaRegion, OptionalLong.empty(), OptionalLong.empty(), false, detail);
    }
}
