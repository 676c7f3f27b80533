package io.tripswitch.probe.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tripswitch.probe.testing.LagTestConfig;
import io.tripswitch.probe.testing.PostgresCluster;
import io.vertx.mutiny.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lag figures of a real PostgreSQL 15 primary with a streaming replica, against lag induced with
 * {@code recovery_min_apply_delay} and {@code pg_wal_replay_pause()}. Every figure is printed to the test log.
 */
class PostgresqlLagProbeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration INDUCED_DELAY = Duration.ofSeconds(2);
    private static final long TOLERANCE_MS = 1000;

    @TempDir
    static Path dir;

    private static PostgresCluster cluster;
    private static Vertx vertx;
    private final List<LagProbe> probes = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = PostgresCluster.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopCluster() {
        if (vertx != null) {
            vertx.closeAndAwait();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void closeProbesAndUndoInducedLag() {
        probes.forEach(LagProbe::close);
        cluster.replicaSql("SELECT pg_wal_replay_resume();");
        cluster.applyDelay(Duration.ZERO);
    }

    @Test
    void shouldReportZeroLagForACaughtUpReplicaOfAnIdlePrimaryAndKeepItZeroWhileIdle() {
        // given a write that the replica has replayed, then an idle primary
        LagProbe probe = probe(Optional.empty());
        cluster.primarySql("INSERT INTO ticks DEFAULT VALUES;");
        LagReading first = await().atMost(WAIT).until(() -> measure(probe, "idle, just caught up"),
                reading -> reading.healthy() && reading.lagMs().orElse(-1) == 0);

        // when it stays idle for several seconds (the naive now() - pg_last_xact_replay_timestamp() grows meanwhile)
        await().pollDelay(Duration.ofSeconds(6)).atMost(WAIT).until(() -> true);
        long naiveMs = Long.parseLong(cluster.replicaSql(
                "SELECT (EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000)::bigint;").strip());
        LagReading later = measure(probe, "idle 6 s later");

        // then the lag is still 0, healthy, while the naive figure says seconds
        System.out.printf("[lag] idle primary: naive now()-pg_last_xact_replay_timestamp() = %d ms, probe lagMs = %s%n", naiveMs, later.lagMs());
        assertThat(naiveMs).isGreaterThan(5000);
        assertThat(first.lagMs()).hasValue(0);
        assertThat(later.healthy()).isTrue();
        assertThat(later.lagMs()).hasValue(0);
        assertThat(later.detail()).contains("caught up");
    }

    @Test
    void shouldMeasureAnApplyDelayOf2000MsWithin1000MsWhileThePrimaryWritesSteadily() throws Exception {
        // given a replica applying WAL 2 s late, and a primary writing every 100 ms
        LagProbe probe = probe(Optional.empty());
        cluster.applyDelay(INDUCED_DELAY);
        try (AutoCloseable writes = cluster.steadyWrites(Duration.ofMillis(100))) {
            // when the delay has taken effect: until the replica replays its first delayed transaction, the age of the
            // last one it replayed includes the idle time before the writes began (an overestimate, never an underestimate)
            await().atMost(WAIT).until(() -> measure(probe, "apply delay, settling"), PostgresqlLagProbeTest::settled);

            // then successive readings are 2000 ms ± 1000 ms, healthy, with WAL bytes not yet replayed
            List<LagReading> readings = readings(probe, "apply delay 2000 ms", 6);
            assertThat(readings).allSatisfy(reading -> {
                assertThat(reading.healthy()).isTrue();
                assertThat(reading.lagMs().orElseThrow()).isBetween(INDUCED_DELAY.toMillis() - TOLERANCE_MS,
                        INDUCED_DELAY.toMillis() + TOLERANCE_MS);
            });
            assertThat(readings).anySatisfy(reading -> assertThat(reading.lagBytes().orElse(0)).isPositive());
        }
    }

    @Test
    void shouldSeeTheLagGrowWhileReplayIsPausedAndFallBackOnceResumed() throws Exception {
        // given steady writes and a caught-up replica
        LagProbe probe = probe(Optional.empty());
        try (AutoCloseable writes = cluster.steadyWrites(Duration.ofMillis(100))) {
            // (a replica that never replayed a transaction since it started has no replay time to measure from)
            await().atMost(WAIT).until(() -> measure(probe, "writes, before pause"),
                    reading -> reading.healthy() && reading.detail().contains("last replayed transaction"));

            // when replay is paused
            cluster.replicaSql("SELECT pg_wal_replay_pause();");
            await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
            LagReading early = measure(probe, "replay paused, 1 s");
            await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
            LagReading later = measure(probe, "replay paused, 3 s");

            // then the lag grows, healthy (streaming, just behind), with WAL bytes waiting
            assertThat(early.healthy()).isTrue();
            assertThat(early.lagMs().orElseThrow()).isPositive();
            assertThat(later.lagMs().orElseThrow()).isGreaterThan(early.lagMs().orElseThrow() + 1000);
            assertThat(later.lagBytes().orElseThrow()).isPositive();
            assertThat(later.detail()).contains("replay paused");

            // and once resumed it falls back near 0 (within 500 ms: writes keep coming every 100 ms)
            cluster.replicaSql("SELECT pg_wal_replay_resume();");
            LagReading resumed = await().atMost(WAIT).until(() -> measure(probe, "replay resumed"),
                    reading -> reading.healthy() && reading.lagMs().orElse(Long.MAX_VALUE) <= 500);
            assertThat(resumed.lagMs().orElseThrow()).isLessThanOrEqualTo(500);
        }
    }

    @Test
    void shouldTakeTheLagFromTheHeartbeatAndAgreeWithAnApplyDelayOf2000MsWithin1000Ms() throws Exception {
        // given a probe with a heartbeat table (created by the probe), a caught-up replica
        LagProbe probe = probe(Optional.of("tripswitch_heartbeat"));
        await().atMost(WAIT).until(() -> measure(probe, "heartbeat, caught up"),
                reading -> reading.healthy() && reading.detail().contains("heartbeat age"));

        // when the replica applies WAL 2 s late, with steady writes
        cluster.applyDelay(INDUCED_DELAY);
        try (AutoCloseable writes = cluster.steadyWrites(Duration.ofMillis(100))) {
            await().atMost(WAIT).until(() -> measure(probe, "heartbeat, apply delay settling"), PostgresqlLagProbeTest::settled);

            // then readings taken every 250 ms come from the heartbeat's age and are 2000 ms ± 1000 ms
            List<LagReading> readings = readings(probe, "heartbeat, apply delay 2000 ms", 6);
            assertThat(readings).allSatisfy(reading -> {
                assertThat(reading.healthy()).isTrue();
                assertThat(reading.detail()).contains("lag from heartbeat age");
                assertThat(reading.lagMs().orElseThrow()).isBetween(INDUCED_DELAY.toMillis() - TOLERANCE_MS,
                        INDUCED_DELAY.toMillis() + TOLERANCE_MS);
            });
        }
        assertThat(cluster.primarySql("SELECT count(*) FROM tripswitch_heartbeat;").strip()).isEqualTo("1");
    }

    /** The induced delay has fully taken effect (the true lag ramps from 0 to the delay meanwhile). */
    private static boolean settled(LagReading reading) {
        long lag = reading.lagMs().orElse(-1);
        return lag >= INDUCED_DELAY.toMillis() - 200 && lag <= INDUCED_DELAY.toMillis() + TOLERANCE_MS;
    }

    private LagProbe probe(Optional<String> heartbeatTable) {
        LagProbe probe = new PostgresqlLagProbe(vertx, "users",
                LagTestConfig.usersStore(cluster, heartbeatTable, "password-file: " + cluster.passwordFile(), dir), TIMEOUT, Map.<String, String>of()::get);
        probes.add(probe);
        return probe;
    }

    private static List<LagReading> readings(LagProbe probe, String label, int count) {
        List<LagReading> readings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            readings.add(measure(probe, label));
            await().pollDelay(Duration.ofMillis(250)).atMost(WAIT).until(() -> true);
        }
        return readings;
    }

    static LagReading measure(LagProbe probe, String label) {
        List<LagReading> readings = probe.measure().await().atMost(Duration.ofSeconds(30));
        assertThat(readings).hasSize(1);
        LagReading reading = readings.get(0);
        System.out.printf("[lag] %-32s healthy=%-5s lagMs=%-8s lagBytes=%-8s %s%n", label, reading.healthy(),
                reading.lagMs().isPresent() ? reading.lagMs().getAsLong() : "-",
                reading.lagBytes().isPresent() ? reading.lagBytes().getAsLong() : "-", reading.detail());
        assertThat(reading.store()).isEqualTo("users");
        assertThat(reading.sourceRegion()).isEqualTo("gra");
        assertThat(reading.replicaRegion()).isEqualTo("rbx");
        return reading;
    }
}
