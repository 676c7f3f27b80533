package io.tripswitch.probe.lag;

import java.util.Map;
import java.util.Optional;

/**
 * What the primary server said in one measurement, or why it could not be asked.
 *
 * @param failure         why the primary could not be observed (unreachable, authentication failed…); empty when it answered
 * @param inRecovery      the server named as primary is itself a standby (a failover happened, or the config is wrong)
 * @param standbys        its {@code pg_stat_replication} rows by {@code application_name}
 * @param heartbeatFailure why the last heartbeat could not be written, when it could not
 */
public record PrimaryObservation(Optional<String> failure, boolean inRecovery, Map<String, StandbyStatus> standbys,
        Optional<String> heartbeatFailure) {

    public PrimaryObservation {
        standbys = Map.copyOf(standbys);
    }

    public static PrimaryObservation unreachable(String failure) {
        return new PrimaryObservation(Optional.of(failure), false, Map.of(), Optional.empty());
    }

    /**
     * One standby as the primary sees it in {@code pg_stat_replication}.
     *
     * @param state       walsender state: {@code streaming}, {@code catchup}, {@code startup}, {@code backup}, {@code stopping}
     * @param replayLagMs {@code replay_lag}; PostgreSQL clears it a while after the standby caught up with an idle primary
     * @param lagBytes    {@code pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)}: WAL the standby has not replayed yet
     */
    public record StandbyStatus(String state, Optional<Long> replayLagMs, Optional<Long> lagBytes) {
    }
}
