package io.tripswitch.probe.lag;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.probe.lag.PrimaryObservation.StandbyStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresqlLagAssessorTest {

    private static final Instant PREVIOUS_BEAT = Instant.parse("2026-01-01T10:00:00Z");
    private static final PrimaryObservation PRIMARY = new PrimaryObservation(Optional.empty(), false,
            Map.of("rbx", new StandbyStatus("streaming", Optional.of(3L), Optional.of(0L))), Optional.empty());

    private final PostgresqlLagAssessor withoutHeartbeat = new PostgresqlLagAssessor("users", "gra", false);
    private final PostgresqlLagAssessor withHeartbeat = new PostgresqlLagAssessor("users", "gra", true);

    @Test
    void shouldReportZeroWhenTheReplicaReplayedAllItReceivedHoweverOldItsLastTransaction() {
        LagReading reading = withoutHeartbeat.assess("rbx", "rbx", PRIMARY, streaming(true, 3_600_000L), Optional.empty());

        assertThat(reading.healthy()).isTrue();
        assertThat(reading.lagMs()).hasValue(0);
        assertThat(reading.lagBytes()).hasValue(0);
        assertThat(reading.detail()).startsWith("caught up");
    }

    @Test
    void shouldTakeTheAgeOfTheLastReplayedTransactionWhenBehindWithoutHeartbeat() {
        LagReading reading = withoutHeartbeat.assess("rbx", "rbx", PRIMARY, streaming(false, 2100L), Optional.empty());

        assertThat(reading.healthy()).isTrue();
        assertThat(reading.lagMs()).hasValue(2100);
    }

    @Test
    void shouldTakeTheHeartbeatAgeWhenBehindAndAHeartbeatIsConfigured() {
        ReplicaObservation replica = withHeartbeatSeen(streaming(false, 9000L), PREVIOUS_BEAT, 2300L);

        LagReading reading = withHeartbeat.assess("rbx", "rbx", PRIMARY, replica, Optional.of(PREVIOUS_BEAT));

        assertThat(reading.lagMs()).hasValue(2300);
        assertThat(reading.detail()).contains("lag from heartbeat age");
    }

    @Test
    void shouldCountAReplicaThatMissedThePreviousHeartbeatAsBehindEvenIfItReplayedAllItReceived() {
        // WAL stopped arriving on a connection that still looks alive: the previous heartbeat never came
        ReplicaObservation replica = withHeartbeatSeen(streaming(true, 9000L), PREVIOUS_BEAT.minusSeconds(5), 10_000L);

        LagReading reading = withHeartbeat.assess("rbx", "rbx", PRIMARY, replica, Optional.of(PREVIOUS_BEAT));

        assertThat(reading.lagMs()).hasValue(10_000);
        assertThat(reading.detail()).contains("the previous measurement's heartbeat is not replayed yet");
    }

    @Test
    void shouldNeverGiveANegativeLagWhenTheReplicasClockIsBehindThePrimarys() {
        ReplicaObservation replica = withHeartbeatSeen(streaming(false, -40L), PREVIOUS_BEAT, -40L);

        assertThat(withHeartbeat.assess("rbx", "rbx", PRIMARY, replica, Optional.of(PREVIOUS_BEAT)).lagMs()).hasValue(0);
        assertThat(withoutHeartbeat.assess("rbx", "rbx", PRIMARY, streaming(false, -40L), Optional.empty()).lagMs()).hasValue(0);
    }

    @Test
    void shouldReportALostWalReceiverUnhealthyWithoutAFigure() {
        ReplicaObservation noReceiver = new ReplicaObservation(Optional.empty(), true, Optional.empty(), Optional.of(true),
                Optional.of(0L), Optional.of(5L), false, Optional.empty(), Optional.empty(), Optional.empty());

        LagReading reading = withoutHeartbeat.assess("rbx", "rbx", PrimaryObservation.unreachable("connection refused"), noReceiver,
                Optional.empty());

        assertThat(reading.healthy()).isFalse();
        assertThat(reading.lagMs()).isEmpty();
        assertThat(reading.detail()).contains("no WAL receiver").contains("primary gra not observed: connection refused");
    }

    @Test
    void shouldReportAStandbyThePrimaryDoesNotListAsNotStreaming() {
        PrimaryObservation noStandby = new PrimaryObservation(Optional.empty(), false, Map.of(), Optional.empty());

        LagReading reading = withoutHeartbeat.assess("rbx", "rbx-standby", noStandby, streaming(true, 0L), Optional.empty());

        assertThat(reading.healthy()).isFalse();
        assertThat(reading.lagMs()).isEmpty();
        assertThat(reading.detail()).contains("lists no standby 'rbx-standby'");
    }

    @Test
    void shouldReportAPromotedReplicaUnhealthy() {
        ReplicaObservation promoted = new ReplicaObservation(Optional.empty(), false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty());

        LagReading reading = withoutHeartbeat.assess("rbx", "rbx", PRIMARY, promoted, Optional.empty());

        assertThat(reading.healthy()).isFalse();
        assertThat(reading.detail()).contains("not in recovery");
    }

    @Test
    void shouldReportAnUnreachableReplicaWithThePrimarysByteLag() {
        PrimaryObservation catchingUp = new PrimaryObservation(Optional.empty(), false,
                Map.of("rbx", new StandbyStatus("streaming", Optional.empty(), Optional.of(4096L))), Optional.empty());

        LagReading reading = withoutHeartbeat.assess("rbx", "rbx", catchingUp, ReplicaObservation.unreachable("timeout"), Optional.empty());

        assertThat(reading.healthy()).isFalse();
        assertThat(reading.lagMs()).isEmpty();
        assertThat(reading.lagBytes()).hasValue(4096);
        assertThat(reading.detail()).startsWith("replica rbx not observed: timeout");
    }

    @Test
    void shouldNotGuessALagBeforeTheReplicaReplayedAnyTransaction() {
        ReplicaObservation fresh = new ReplicaObservation(Optional.empty(), true, Optional.of("streaming"), Optional.of(false),
                Optional.of(100L), Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty());

        LagReading reading = withoutHeartbeat.assess("rbx", "rbx", PRIMARY, fresh, Optional.empty());

        assertThat(reading.healthy()).isFalse();
        assertThat(reading.lagMs()).isEmpty();
    }

    private static ReplicaObservation streaming(boolean caughtUp, long replayAgeMs) {
        return new ReplicaObservation(Optional.empty(), true, Optional.of("streaming"), Optional.of(caughtUp),
                Optional.of(caughtUp ? 0L : 512L), Optional.of(replayAgeMs), false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static ReplicaObservation withHeartbeatSeen(ReplicaObservation replica, Instant beat, long ageMs) {
        return new ReplicaObservation(replica.failure(), replica.inRecovery(), replica.receiverStatus(), replica.caughtUp(),
                replica.unreplayedBytes(), replica.replayAgeMs(), replica.replayPaused(), Optional.of(beat), Optional.of(ageMs),
                Optional.empty());
    }
}
