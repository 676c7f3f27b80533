package io.tripswitch.probe.lag;

import io.tripswitch.config.TripswitchConfig.StoreKind;
import io.tripswitch.probe.lag.PrimaryObservation.StandbyStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns what a PostgreSQL primary and one of its replicas said into that replica's {@link LagReading}
 * (docs/decisions/0004-postgresql-replication-lag.md). Healthy only when the replica is a standby whose WAL
 * receiver streams and, when the primary answered, the primary lists it as streaming; then the lag is 0 when
 * the replica has replayed everything it received, otherwise the age of the newest heartbeat (when a heartbeat
 * table is configured) or of the last replayed transaction. A broken or unobservable replica has no lag figure.
 *
 * <p>All ages come from the servers' own clocks; the probe's clock plays no part, so this needs none.
 */
public final class PostgresqlLagAssessor {

    private final String store;
    private final String sourceRegion;
    private final boolean heartbeatConfigured;

    /**
     * @param heartbeatConfigured whether the store has a heartbeat table: then a replica that has not received the
     *                            previous measurement's heartbeat counts as behind even if it replayed all it received
     */
    public PostgresqlLagAssessor(String store, String sourceRegion, boolean heartbeatConfigured) {
        this.store = store;
        this.sourceRegion = sourceRegion;
        this.heartbeatConfigured = heartbeatConfigured;
    }

    /**
     * @param replicaRegion     region of the replica
     * @param applicationName   the replica's {@code application_name} in the primary's {@code pg_stat_replication}
     * @param previousHeartbeat the heartbeat written by the previous measurement: a replica that streams has had a whole
     *                          interval to replay it, so not seeing it means WAL stopped arriving
     */
    public LagReading assess(String replicaRegion, String applicationName, PrimaryObservation primary, ReplicaObservation replica,
            Optional<Instant> previousHeartbeat) {
        Optional<StandbyStatus> standby = Optional.ofNullable(primary.standbys().get(applicationName));
        OptionalLong lagBytes = standby.flatMap(StandbyStatus::lagBytes).or(replica::unreplayedBytes)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
        List<String> notes = new ArrayList<>();
        primary.failure().ifPresent(failure -> notes.add("primary " + sourceRegion + " not observed: " + failure));

        Optional<String> broken = brokenReason(replicaRegion, applicationName, primary, replica, standby);
        if (broken.isPresent()) {
            notes.add(0, broken.get());
            standby.ifPresent(status -> notes.add("primary sees it " + status.state()));
            return reading(replicaRegion, OptionalLong.empty(), lagBytes, false, notes);
        }

        boolean stalled = heartbeatConfigured && previousHeartbeat.isPresent()
                && replica.heartbeat().map(seen -> seen.isBefore(previousHeartbeat.get())).orElse(true);
        boolean caughtUp = replica.caughtUp().orElse(false) && !stalled;
        OptionalLong lagMs;
        if (caughtUp) {
            lagMs = OptionalLong.of(0);
            notes.add(0, "caught up: replayed all WAL received");
        } else if (heartbeatConfigured && replica.heartbeatAgeMs().isPresent()) {
            lagMs = OptionalLong.of(Math.max(0, replica.heartbeatAgeMs().get()));
            notes.add(0, stalled ? "behind: the previous measurement's heartbeat is not replayed yet, lag from heartbeat age"
                    : "behind, lag from heartbeat age");
        } else if (replica.replayAgeMs().isPresent()) {
            lagMs = OptionalLong.of(Math.max(0, replica.replayAgeMs().get()));
            notes.add(0, "behind, lag from last replayed transaction");
        } else {
            notes.add(0, replicaRegion + " is behind and replayed no transaction since it started: lag unknown");
            return reading(replicaRegion, OptionalLong.empty(), lagBytes, false, notes);
        }
        if (replica.replayPaused()) {
            notes.add("replay paused");
        }
        replica.heartbeatAgeMs().ifPresent(age -> notes.add("heartbeat age " + age + " ms"));
        standby.flatMap(StandbyStatus::replayLagMs).ifPresent(lag -> notes.add("primary's replay_lag " + lag + " ms"));
        replica.replayAgeMs().ifPresent(age -> notes.add("last replayed transaction " + age + " ms old"));
        replica.heartbeatFailure().ifPresent(failure -> notes.add("heartbeat not read: " + failure));
        primary.heartbeatFailure().ifPresent(failure -> notes.add("last heartbeat not written: " + failure));
        return reading(replicaRegion, lagMs, lagBytes, true, notes);
    }

    private Optional<String> brokenReason(String replicaRegion, String applicationName, PrimaryObservation primary,
            ReplicaObservation replica, Optional<StandbyStatus> standby) {
        if (replica.failure().isPresent()) {
            return Optional.of("replica " + replicaRegion + " not observed: " + replica.failure().get());
        }
        if (!replica.inRecovery()) {
            return Optional.of("replica " + replicaRegion + " is not in recovery (promoted?): it replicates nothing");
        }
        if (replica.receiverStatus().isEmpty()) {
            return Optional.of("replica " + replicaRegion + " has no WAL receiver: not connected to its primary");
        }
        if (!replica.receiverStatus().get().equals("streaming")) {
            return Optional.of("WAL receiver of " + replicaRegion + " is " + replica.receiverStatus().get() + ", not streaming");
        }
        if (primary.failure().isEmpty()) {
            if (primary.inRecovery()) {
                return Optional.of("primary " + sourceRegion + " is in recovery itself: it is not the primary");
            }
            if (standby.isEmpty()) {
                return Optional.of("primary " + sourceRegion + " lists no standby '" + applicationName
                        + "' in pg_stat_replication: not streaming from it");
            }
            if (!standby.get().state().equals("streaming")) {
                return Optional.of("primary " + sourceRegion + " sees standby '" + applicationName + "' in state "
                        + standby.get().state() + ", not streaming");
            }
        }
        return Optional.empty();
    }

    private LagReading reading(String replicaRegion, OptionalLong lagMs, OptionalLong lagBytes, boolean healthy, List<String> notes) {
        return new LagReading(store, StoreKind.POSTGRESQL, sourceRegion, replicaRegion, lagMs, lagBytes, healthy, String.join("; ", notes));
    }
}
