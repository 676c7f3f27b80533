package io.tripswitch.decision.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripswitch.decision.domain.AlertBook;
import io.tripswitch.decision.domain.AlertCondition;
import io.tripswitch.decision.domain.AlertType;
import io.tripswitch.decision.domain.GroupStatus;
import io.tripswitch.decision.domain.RegionAssessment;
import io.tripswitch.decision.domain.ReplicaLag;
import io.tripswitch.decision.state.GroupRecord;
import io.tripswitch.schemas.AvroSerde;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * What the group policy keeps in its store survives serialisation whole (as it does a restart, restored from the
 * changelog): the policy's memory, the facts, and the alerts FIRING — so a restarted instance does not fire them again.
 */
class GroupStateStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void shouldKeepThePolicyMemoryAndTheFiringAlertsAcrossTheStoresSerde() {
        // given a group on rbx after a flap-frozen failover, with facts and two alerts firing
        GroupStatus status = new GroupStatus("app", "rbx", 4, true, Optional.of(T0.plusSeconds(300)), Optional.of("d-4"), T0,
                Optional.of("gra"), true, List.of(T0.minusSeconds(60), T0), Optional.of(T0.minusSeconds(5)));
        RegionAssessment gra = new RegionAssessment("gra", RegionAssessment.Status.DOWN, 2, 2, 2, 1, 0, T0, T0, List.of());
        ReplicaLag lag = ReplicaLag.reading("users", "rbx", "gra", OptionalLong.of(120), true, T0);
        AlertBook.Result fired = AlertBook.reconcile(Map.of(), List.of(
                AlertCondition.ofGroup(AlertType.FLAP_FROZEN, AlertType.Severity.CRITICAL, "app", "rbx", "frozen", Map.of("maxFlips", "3")),
                AlertCondition.ofGroup(AlertType.FAILBACK_READY, AlertType.Severity.INFO, "app", "gra", "ready", Map.of())), T0);
        GroupMemory memory = new GroupMemory(status, Map.of("gra", gra), Map.of(lag.key(), lag), fired.active());
        Serde<GroupRecord> serde = DecisionTopology.groupRecordSerde();

        // when it is written to the store and read back
        GroupMemory restored = StateMapping.memory(serde.deserializer().deserialize("t",
                serde.serializer().serialize("t", StateMapping.record(memory))));

        // then nothing is lost, and the same conditions holding fire nothing again
        assertThat(restored).isEqualTo(memory);
        assertThat(AlertBook.reconcile(restored.alerts(), fired.active().values().stream().map(a -> a.condition()).toList(), T0.plusSeconds(1))
                .notices()).isEmpty();
    }

    @Test
    void shouldKeepAReplicasLastHealthyReadingAndItsBreakAcrossTheStoresSerde() {
        // given rbx's replica healthy (120 ms) at T0, then broken from T0 + 5 s, last reported broken at T0 + 9 s
        ReplicaLag lag = ReplicaLag.reading("users", "rbx", "gra", OptionalLong.empty(), false, T0.plusSeconds(9))
                .following(ReplicaLag.reading("users", "rbx", "gra", OptionalLong.empty(), false, T0.plusSeconds(5))
                        .following(ReplicaLag.reading("users", "rbx", "gra", OptionalLong.of(120), true, T0)));
        GroupMemory memory = new GroupMemory(GroupStatus.initial("app", List.of("gra", "rbx"), T0), Map.of(), Map.of(lag.key(), lag), Map.of());
        Serde<GroupRecord> serde = DecisionTopology.groupRecordSerde();

        // when it is written to the store and read back
        GroupMemory restored = StateMapping.memory(serde.deserializer().deserialize("t", serde.serializer().serialize("t", StateMapping.record(memory))));

        // then the source, the last healthy figure and the start of the break are all still known
        assertThat(restored).isEqualTo(memory);
        assertThat(restored.lags().get("users/rbx").lastHealthy()).contains(new ReplicaLag.Measurement(120, T0));
        assertThat(restored.lags().get("users/rbx").brokenSince()).contains(T0.plusSeconds(5));
        assertThat(restored.lags().get("users/rbx").sourceRegion()).contains("gra");
    }

    @Test
    void shouldReadGroupStateWrittenByTheVersionBeforeTheLagMemory() throws Exception {
        // given a group record as the previous version wrote it (GroupRecord-v1: no source, last healthy reading or break in LagEntry)
        byte[] written;
        try (var in = getClass().getClassLoader().getResourceAsStream("state/GroupRecord-v1.bin")) {
            written = in.readAllBytes();
        }
        // when this version reads it
        GroupMemory memory = StateMapping.memory(DecisionTopology.groupRecordSerde().deserializer().deserialize("t", written));

        // then everything it held is there, a healthy figure stands as its own last healthy reading, and a break starts at its reading
        assertThat(memory.status().activeRegion()).isEqualTo("gra");
        assertThat(memory.status().epoch()).isEqualTo(3);
        assertThat(memory.status().regionLeft()).contains("rbx");
        assertThat(memory.health().get("gra").status()).isEqualTo(RegionAssessment.Status.DOWN);
        ReplicaLag sessions = memory.lags().get("sessions/rbx");
        assertThat(sessions.healthy()).isTrue();
        assertThat(sessions.lastHealthy()).contains(new ReplicaLag.Measurement(120, T0.minusSeconds(1)));
        assertThat(sessions.sourceRegion()).isEmpty();
        ReplicaLag users = memory.lags().get("users/rbx");
        assertThat(users.healthy()).isFalse();
        assertThat(users.lastHealthy()).isEmpty();
        assertThat(users.brokenSince()).contains(T0);
        // and the contract's plain serde, which knows only the current schema, could not (why the store has its own)
        assertThatThrownBy(() -> AvroSerde.of(GroupRecord.class).deserialize("t", written)).isInstanceOf(SerializationException.class);
    }
}
