package io.tripswitch.probe.lag;

import java.time.Instant;
import java.util.Optional;

/**
 * What a replica server said in one measurement, or why it could not be asked. Ages are computed by the replica
 * itself ({@code now()} on the replica), so the probe's own clock plays no part.
 *
 * @param failure          why the replica could not be observed; empty when it answered
 * @param inRecovery       {@code pg_is_in_recovery()}: false once the replica was promoted
 * @param receiverStatus   {@code pg_stat_wal_receiver.status}; empty when there is no WAL receiver (not connected)
 * @param caughtUp         {@code pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()}: everything received is replayed
 * @param unreplayedBytes  WAL received but not replayed yet
 * @param replayAgeMs      {@code now() - pg_last_xact_replay_timestamp()}: empty before any transaction was replayed
 * @param replayPaused     {@code pg_is_wal_replay_paused()}
 * @param heartbeat        the newest heartbeat visible on the replica, when a table is configured and readable
 * @param heartbeatAgeMs   the replica's {@code now()} minus that heartbeat
 * @param heartbeatFailure why the heartbeat could not be read, when it could not
 */
public record ReplicaObservation(Optional<String> failure, boolean inRecovery, Optional<String> receiverStatus, Optional<Boolean> caughtUp,
        Optional<Long> unreplayedBytes, Optional<Long> replayAgeMs, boolean replayPaused, Optional<Instant> heartbeat,
        Optional<Long> heartbeatAgeMs, Optional<String> heartbeatFailure) {

    public static ReplicaObservation unreachable(String failure) {
        return new ReplicaObservation(Optional.of(failure), false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
