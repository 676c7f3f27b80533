package io.tripswitch.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicReplicationTest {

    private static final TopicReplication.Keys KEYS = new TopicReplication.Keys(
            "app.replication-factor", "app.min-insync-replicas", "app.allow-single-replica=true");

    @Test
    void shouldRefuseASingleReplicaUnlessAllowedNamingTheKeyAndTheWayOut() {
        assertThatThrownBy(() -> TopicReplication.of(1, null, false, KEYS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("app.replication-factor is 1")
                .hasMessageContaining("app.allow-single-replica=true");
        assertThatThrownBy(() -> TopicReplication.of(1, 1, false, KEYS))
                .hasMessageStartingWith("app.replication-factor is 1");
    }

    @Test
    void shouldAcceptASingleReplicaWhenAllowed() {
        assertThat(TopicReplication.of(1, null, true, KEYS)).isEqualTo(TopicReplication.SINGLE_REPLICA);
        assertThat(TopicReplication.of(1, 1, true, KEYS)).isEqualTo(TopicReplication.SINGLE_REPLICA);
    }

    @Test
    void shouldRefuseMoreInSyncReplicasThanReplicasNamingBothKeys() {
        assertThatThrownBy(() -> TopicReplication.of(3, 4, false, KEYS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("app.min-insync-replicas (4) must not exceed app.replication-factor (3)");
        assertThatThrownBy(() -> TopicReplication.of(1, 2, true, KEYS))
                .hasMessageStartingWith("app.min-insync-replicas (2) must not exceed app.replication-factor (1)");
    }

    @Test
    void shouldRefuseFactorsBelowOneNamingTheKey() {
        assertThatThrownBy(() -> TopicReplication.of(0, null, true, KEYS))
                .hasMessage("app.replication-factor must be at least 1, got 0");
        assertThatThrownBy(() -> TopicReplication.of(-1, null, true, KEYS))
                .hasMessage("app.replication-factor must be at least 1, got -1");
        assertThatThrownBy(() -> TopicReplication.of(3, 0, false, KEYS))
                .hasMessage("app.min-insync-replicas must be at least 1, got 0");
    }

    @Test
    void shouldDefaultToTwoInSyncOrAllOfFewerReplicas() {
        assertThat(TopicReplication.of(3, null, false, KEYS)).isEqualTo(TopicReplication.PRODUCTION);
        assertThat(TopicReplication.of(5, null, false, KEYS)).isEqualTo(new TopicReplication((short) 5, (short) 2));
        assertThat(TopicReplication.of(3, 3, false, KEYS)).isEqualTo(new TopicReplication((short) 3, (short) 3));
    }
}
