package io.tripswitch.probe.lag;

import io.smallrye.mutiny.Uni;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfig.PostgresqlServer;
import io.tripswitch.probe.lag.PrimaryObservation.StandbyStatus;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Replication lag of a PostgreSQL store with streaming replicas, on the reactive PostgreSQL client (non-blocking,
 * on Quarkus' Vert.x). Each measurement asks the primary ({@code pg_stat_replication}) and every replica
 * ({@code pg_stat_wal_receiver}, WAL positions, replay timestamp, the newest heartbeat) at once, leaves the verdict
 * to {@link PostgresqlLagAssessor}, then writes the next heartbeat on the primary when a table is configured.
 */
public final class PostgresqlLagProbe implements LagProbe {

    /** How the probe's own sessions show in {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "tripswitch-lag-probe";

    private static final String IN_RECOVERY = "SELECT pg_is_in_recovery() AS in_recovery";
    private static final String STANDBYS = """
            SELECT application_name, state,
                   (EXTRACT(EPOCH FROM replay_lag) * 1000)::bigint AS replay_lag_ms,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint AS lag_bytes
            FROM pg_stat_replication""";
    // One statement, so every figure is of the same instant; CASE because pg_is_wal_replay_paused() fails outside recovery.
    private static final String REPLICA = """
            SELECT pg_is_in_recovery() AS in_recovery,
                   (SELECT count(*) FROM pg_stat_wal_receiver) AS receivers,
                   (SELECT status FROM pg_stat_wal_receiver LIMIT 1) AS receiver_status,
                   pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() AS caught_up,
                   pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::bigint AS unreplayed_bytes,
                   (EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000)::bigint AS replay_age_ms,
                   CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END AS replay_paused""";
    private static final String UNDEFINED_TABLE = "42P01";
    private static final Duration SECOND_LOOK = Duration.ofMillis(100);

    private final String store;
    private final String primaryRegion;
    private final Optional<String> heartbeatTable;
    private final PgSession primary;
    private final Map<String, PgSession> replicas = new LinkedHashMap<>();
    private final Map<String, String> applicationNames = new HashMap<>();
    private final PostgresqlLagAssessor assessor;
    private volatile boolean heartbeatTableReady;
    private volatile Optional<Instant> lastHeartbeat = Optional.empty();
    private volatile Optional<String> lastHeartbeatFailure = Optional.empty();

    /**
     * @param config      a store of kind postgresql with its {@code postgresql} settings, as validated
     * @param timeout     time allowed for one measurement; each step on one server (a look, the heartbeat) gets two fifths
     * @param environment the process environment ({@code System::getenv}) for {@code password-env}
     */
    public PostgresqlLagProbe(Vertx vertx, String store, TripswitchConfig.Store config, Duration timeout,
            Function<String, String> environment) {
        TripswitchConfig.PostgresqlStore postgresql = config.postgresql().orElseThrow(
                () -> new IllegalArgumentException("store " + store + " has no postgresql settings"));
        this.store = store;
        this.primaryRegion = config.primary().orElseThrow(() -> new IllegalArgumentException("store " + store + " has no primary"));
        this.heartbeatTable = postgresql.heartbeatTable();
        Duration serverTimeout = timeout.multipliedBy(2).dividedBy(5);
        this.primary = session(vertx, postgresql.servers().get(primaryRegion), serverTimeout, environment);
        for (String region : config.replicas()) {
            if (!region.equals(primaryRegion)) {
                PostgresqlServer server = postgresql.servers().get(region);
                replicas.put(region, session(vertx, server, serverTimeout, environment));
                applicationNames.put(region, server.applicationName().orElse(region));
            }
        }
        this.assessor = new PostgresqlLagAssessor(store, primaryRegion, heartbeatTable.isPresent());
    }

    private static PgSession session(Vertx vertx, PostgresqlServer server, Duration timeout, Function<String, String> environment) {
        PgConnectOptions options = new PgConnectOptions()
                .setHost(server.host())
                .setPort(server.port())
                .setDatabase(server.database())
                .setUser(server.user())
                .setConnectTimeout((int) Math.max(1, timeout.toMillis()))
                .setTcpKeepAlive(true)
                .addProperty("application_name", APPLICATION_NAME);
        String name = server.host() + ":" + server.port() + "/" + server.database();
        return new PgSession(vertx, name, options, PasswordSource.of(server, environment), timeout);
    }

    @Override
    public String store() {
        return store;
    }

    @Override
    public Uni<List<LagReading>> measure() {
        Optional<Instant> previousHeartbeat = lastHeartbeat;
        Optional<String> heartbeatFailure = lastHeartbeatFailure;
        Map<String, Uni<ReplicaObservation>> replicaViews = new LinkedHashMap<>();
        replicas.forEach((region, session) -> replicaViews.put(region, observeReplica(session)));
        // Replicas and primary at once; the heartbeat is written after they answered, so each replica has had a
        // whole interval to replay it before the next measurement looks for it.
        Uni<List<ReplicaObservation>> replicasSeen = replicaViews.isEmpty() ? Uni.createFrom().item(List.of())
                : Uni.join().all(List.copyOf(replicaViews.values())).andCollectFailures();
        return Uni.combine().all().unis(observePrimary(heartbeatFailure), replicasSeen).asTuple()
                .flatMap(seen -> {
                    List<String> regions = List.copyOf(replicaViews.keySet());
                    List<LagReading> readings = new ArrayList<>();
                    for (int i = 0; i < regions.size(); i++) {
                        readings.add(assessor.assess(regions.get(i), applicationNames.get(regions.get(i)), seen.getItem1(),
                                seen.getItem2().get(i), previousHeartbeat));
                    }
                    boolean primaryWritable = seen.getItem1().failure().isEmpty() && !seen.getItem1().inRecovery();
                    return (primaryWritable ? writeHeartbeat() : Uni.createFrom().voidItem()).replaceWith(readings);
                });
    }

    private Uni<PrimaryObservation> observePrimary(Optional<String> heartbeatFailure) {
        return primary.run(conn -> conn.query(IN_RECOVERY).execute().flatMap(recovery -> {
            boolean inRecovery = recovery.iterator().next().getBoolean("in_recovery");
            if (inRecovery) {
                return Uni.createFrom().item(new PrimaryObservation(Optional.empty(), true, Map.of(), heartbeatFailure));
            }
            return conn.query(STANDBYS).execute().map(rows -> {
                Map<String, StandbyStatus> standbys = new HashMap<>();
                for (Row row : rows) {
                    StandbyStatus status = new StandbyStatus(String.valueOf(row.getString("state")),
                            Optional.ofNullable(row.getLong("replay_lag_ms")), Optional.ofNullable(row.getLong("lag_bytes")));
                    // A base backup in progress under the same name must not hide the streaming standby.
                    standbys.merge(String.valueOf(row.getString("application_name")), status,
                            (kept, other) -> kept.state().equals("streaming") ? kept : other);
                }
                return new PrimaryObservation(Optional.empty(), false, standbys, heartbeatFailure);
            });
        })).onFailure().recoverWithItem(failure -> PrimaryObservation.unreachable(failure.getMessage()));
    }

    /** Stamps the primary's {@code now()} into the heartbeat table (created if absent); remembers the value or the failure. */
    private Uni<Void> writeHeartbeat() {
        if (heartbeatTable.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String table = heartbeatTable.get();
        return primary.run(conn -> {
            Uni<Void> ready = heartbeatTableReady ? Uni.createFrom().voidItem()
                    : conn.query("CREATE TABLE IF NOT EXISTS " + table + " (id integer PRIMARY KEY, beat timestamptz NOT NULL)")
                            .execute().invoke(() -> heartbeatTableReady = true).replaceWithVoid();
            // One row, whichever probe writes it: the newest heartbeat is what a replica is measured against.
            return ready.flatMap(nothing -> conn.query("INSERT INTO " + table + " (id, beat) VALUES (1, now()) "
                    + "ON CONFLICT (id) DO UPDATE SET beat = excluded.beat RETURNING beat").execute());
        }).invoke(rows -> {
            lastHeartbeat = Optional.of(rows.iterator().next().getOffsetDateTime("beat").toInstant());
            lastHeartbeatFailure = Optional.empty();
        }).onFailure().recoverWithItem(failure -> {
            heartbeatTableReady = false;
            lastHeartbeat = Optional.empty();
            lastHeartbeatFailure = Optional.of(failure.getMessage());
            return null;
        }).replaceWithVoid();
    }

    private Uni<ReplicaObservation> observeReplica(PgSession replica) {
        return replica.run(conn -> conn.query(REPLICA).execute().flatMap(rows -> {
            Row first = rows.iterator().next();
            // Behind by a look: it may only have been mid-record (an idle primary's periodic WAL), and then the age of
            // the last replayed transaction would be taken for lag. A second look a moment later settles it.
            if (Boolean.FALSE.equals(first.getBoolean("caught_up")) && !Boolean.TRUE.equals(first.getBoolean("replay_paused"))) {
                return Uni.createFrom().voidItem().onItem().delayIt().by(SECOND_LOOK)
                        .flatMap(nothing -> conn.query(REPLICA).execute()).map(again -> again.iterator().next());
            }
            return Uni.createFrom().item(first);
        }).flatMap(row -> {
            boolean inRecovery = row.getBoolean("in_recovery");
            Optional<String> receiverStatus = Optional.ofNullable(row.getString("receiver_status"));
            if (receiverStatus.isEmpty() && row.getLong("receivers") > 0) {
                receiverStatus = Optional.of("not visible to this user (grant it pg_monitor)");
            }
            Optional<String> status = receiverStatus;
            return readHeartbeat(conn).map(heartbeat -> new ReplicaObservation(Optional.empty(), inRecovery, status,
                    Optional.ofNullable(row.getBoolean("caught_up")), Optional.ofNullable(row.getLong("unreplayed_bytes")),
                    Optional.ofNullable(row.getLong("replay_age_ms")), Boolean.TRUE.equals(row.getBoolean("replay_paused")),
                    heartbeat.beat(), heartbeat.ageMs(), heartbeat.failure()));
        })).onFailure().recoverWithItem(failure -> ReplicaObservation.unreachable(failure.getMessage()));
    }

    private Uni<HeartbeatRead> readHeartbeat(PgConnection conn) {
        if (heartbeatTable.isEmpty()) {
            return Uni.createFrom().item(new HeartbeatRead(Optional.empty(), Optional.empty(), Optional.empty()));
        }
        String table = heartbeatTable.get();
        return conn.query("SELECT beat, (EXTRACT(EPOCH FROM now() - beat) * 1000)::bigint AS age_ms FROM " + table
                        + " ORDER BY beat DESC LIMIT 1").execute()
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return new HeartbeatRead(Optional.empty(), Optional.empty(), Optional.of("no heartbeat row in " + table + " yet"));
                    }
                    Row row = rows.iterator().next();
                    return new HeartbeatRead(Optional.of(row.getOffsetDateTime("beat").toInstant()), Optional.of(row.getLong("age_ms")),
                            Optional.empty());
                })
                .onFailure(PgException.class).recoverWithItem(failure -> new HeartbeatRead(Optional.empty(), Optional.empty(),
                        Optional.of(UNDEFINED_TABLE.equals(((PgException) failure).getSqlState())
                                ? "table " + table + " not on the replica yet" : PgSession.describe(failure))));
    }

    @Override
    public void close() {
        primary.close();
        replicas.values().forEach(PgSession::close);
    }

    private record HeartbeatRead(Optional<Instant> beat, Optional<Long> ageMs, Optional<String> failure) {
    }
}
