package io.tripswitch.decision.topology;

import static org.assertj.core.api.Assertions.assertThat;

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
        ReplicaLag lag = new ReplicaLag("users", "rbx", OptionalLong.of(120), true, T0);
        AlertBook.Result fired = AlertBook.reconcile(Map.of(), List.of(
                AlertCondition.ofGroup(AlertType.FLAP_FROZEN, AlertType.Severity.CRITICAL, "app", "rbx", "frozen", Map.of("maxFlips", "3")),
                AlertCondition.ofGroup(AlertType.FAILBACK_READY, AlertType.Severity.INFO, "app", "gra", "ready", Map.of())), T0);
        GroupMemory memory = new GroupMemory(status, Map.of("gra", gra), Map.of(lag.key(), lag), fired.active());
        Serde<GroupRecord> serde = AvroSerde.of(GroupRecord.class);

        // when it is written to the store and read back
        GroupMemory restored = StateMapping.memory(serde.deserializer().deserialize("t",
                serde.serializer().serialize("t", StateMapping.record(memory))));

        // then nothing is lost, and the same conditions holding fire nothing again
        assertThat(restored).isEqualTo(memory);
        assertThat(AlertBook.reconcile(restored.alerts(), fired.active().values().stream().map(a -> a.condition()).toList(), T0.plusSeconds(1))
                .notices()).isEmpty();
    }
}
