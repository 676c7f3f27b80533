package io.tripswitch.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripswitch.decision.DecisionServiceStartup.TopicSettings;
import io.tripswitch.schemas.TopicReplication;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decision-service's topic replication settings, checked before anything is provisioned or started. */
class TopicSettingsTest {

    @Test
    void shouldRefuseASingleReplicaUnlessAllowedNamingTheKey() {
        assertThatThrownBy(() -> settings(1, 1, false, "1", "1").validated())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("decision.topics.replication-factor is 1")
                .hasMessageContaining("set decision.topics.allow-single-replica=true");
    }

    @Test
    void shouldAcceptASingleReplicaWhenAllowed() {
        assertThat(settings(1, 1, true, "1", "1").validated()).isEqualTo(TopicReplication.SINGLE_REPLICA);
    }

    @Test
    void shouldRefuseMoreInSyncReplicasThanReplicasNamingBothKeys() {
        assertThatThrownBy(() -> settings(3, 4, false, "3", "4").validated())
                .hasMessageStartingWith("decision.topics.min-insync-replicas (4) must not exceed decision.topics.replication-factor (3)");
    }

    @Test
    void shouldRefuseAFactorBelowOneNamingTheKey() {
        assertThatThrownBy(() -> settings(0, 1, true, "0", "1").validated())
                .hasMessage("decision.topics.replication-factor must be at least 1, got 0");
    }

    @Test
    void shouldRefuseStreamsInternalTopicsReplicatedOtherwise() {
        assertThatThrownBy(() -> settings(3, 2, false, "1", "2").validated())
                .hasMessageStartingWith("kafka-streams.replication.factor is 1, decision.topics.replication-factor is 3");
        assertThatThrownBy(() -> settings(3, 2, false, "3", null).validated())
                .hasMessageStartingWith("kafka-streams.topic.min.insync.replicas is not set, decision.topics.min-insync-replicas is 2");
    }

    @Test
    void shouldAcceptTheProductionDefaults() {
        assertThat(settings(3, 2, false, "3", "2").validated()).isEqualTo(TopicReplication.PRODUCTION);
    }

    private static TopicSettings settings(int factor, int minInsync, boolean allowSingle, String streamsFactor,
            String streamsMinInsync) {
        return new TopicSettings(factor, minInsync, allowSingle, Optional.ofNullable(streamsFactor),
                Optional.ofNullable(streamsMinInsync));
    }
}
