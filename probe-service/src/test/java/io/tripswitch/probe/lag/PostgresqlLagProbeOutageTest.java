package io.tripswitch.probe.lag;

import static io.tripswitch.probe.lag.PostgresqlLagProbeTest.measure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tripswitch.probe.testing.LagTestConfig;
import io.tripswitch.probe.testing.PostgresCluster;
import io.vertx.mutiny.core.Vertx;
import java.nio.file.Files;
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

/** A real primary and replica that break: lost WAL receiver, unreachable replica, wrong password. Never "0 lag". */
class PostgresqlLagProbeOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

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
    void closeProbes() {
        probes.forEach(LagProbe::close);
    }

    @Test
    void shouldReportAReplicaThatLostItsWalReceiverUnhealthyWithoutALagFigure() {
        // given a healthy, caught-up replica
        LagProbe probe = probe("password-file: " + cluster.passwordFile());
        await().atMost(WAIT).until(() -> measure(probe, "before primary stop"), LagReading::healthy);

        // when the primary stops, so the replica's WAL receiver loses its source
        cluster.stopPrimary();
        try {
            // then the replica is reported unhealthy, with no lag figure (never 0), and why
            LagReading lost = await().atMost(WAIT).until(() -> measure(probe, "primary stopped"),
                    reading -> reading.detail().contains("WAL receiver"));
            assertThat(lost.healthy()).isFalse();
            assertThat(lost.lagMs()).isEmpty();
            assertThat(lost.detail()).contains("primary gra not observed");
        } finally {
            cluster.startPrimary();
            cluster.awaitStreaming();
        }
        // and once the primary is back, healthy again
        LagReading back = await().atMost(WAIT).until(() -> measure(probe, "primary back"), LagReading::healthy);
        assertThat(back.lagMs()).isPresent();
    }

    @Test
    void shouldReportAnUnreachableReplicaUnhealthyWithTheReason() {
        // given a healthy replica
        LagProbe probe = probe("password-file: " + cluster.passwordFile());
        await().atMost(WAIT).until(() -> measure(probe, "before replica stop"), LagReading::healthy);

        // when the replica server stops
        cluster.stopReplica();
        try {
            // then its reading is unhealthy, without a figure, saying it could not be reached
            LagReading unreachable = measure(probe, "replica stopped");
            assertThat(unreachable.healthy()).isFalse();
            assertThat(unreachable.lagMs()).isEmpty();
            assertThat(unreachable.detail()).contains("replica rbx not observed").contains("127.0.0.1:" + cluster.replicaPort());
        } finally {
            cluster.startReplica();
            cluster.awaitStreaming();
        }
        await().atMost(WAIT).until(() -> measure(probe, "replica back"), LagReading::healthy);
    }

    @Test
    void shouldReportAWrongPasswordUnhealthyWithoutRevealingAnyPassword() throws Exception {
        // given a probe whose password file holds a wrong password
        Path wrong = dir.resolve("wrong.password");
        String wrongPassword = "not-the-password-" + System.nanoTime();
        Files.writeString(wrong, wrongPassword + "\n");
        LagProbe probe = probe("password-file: " + wrong);

        // when it measures
        LagReading reading = measure(probe, "wrong password");

        // then the reading is unhealthy and says authentication failed, without the password
        assertThat(reading.healthy()).isFalse();
        assertThat(reading.lagMs()).isEmpty();
        assertThat(reading.detail()).contains("password authentication failed for user \"lagprobe\"")
                .doesNotContain(wrongPassword)
                .doesNotContain(Files.readString(cluster.passwordFile()).strip());
    }

    @Test
    void shouldNameAnUnsetPasswordVariable() {
        // given a probe whose password comes from a variable that is not set
        LagProbe probe = probe("password-env: TRIPSWITCH_TEST_UNSET_PASSWORD");

        // when it measures, then the reading is unhealthy and names the variable
        LagReading reading = measure(probe, "password variable unset");
        assertThat(reading.healthy()).isFalse();
        assertThat(reading.detail()).contains("password environment variable TRIPSWITCH_TEST_UNSET_PASSWORD is not set");
    }

    private LagProbe probe(String passwordLine) {
        LagProbe probe = new PostgresqlLagProbe(vertx, "users", LagTestConfig.usersStore(cluster, Optional.empty(), passwordLine, dir),
                TIMEOUT, Map.<String, String>of()::get);
        probes.add(probe);
        return probe;
    }
}
