package io.tripswitch.probe.lag;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Measures the replication lag of one store: one {@link LagReading} per replica region. Implementations never fail
 * the returned {@link Uni}: an unreachable server or a broken replication is a reading with {@code healthy=false}.
 */
public interface LagProbe extends AutoCloseable {

    /** Store id this probe measures. */
    String store();

    /** Measures every replica of the store once; completes within about the configured lag timeout. */
    Uni<List<LagReading>> measure();

    /** Releases connections and clients. */
    @Override
    void close();
}
