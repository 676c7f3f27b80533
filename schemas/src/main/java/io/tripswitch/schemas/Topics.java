package io.tripswitch.schemas;

import io.tripswitch.events.Actuation;
import io.tripswitch.events.Alert;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.GroupState;
import io.tripswitch.events.OperatorCommand;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.events.ReplicationLag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The catalogue of Tripswitch topics, with their keys, values and cleanup policies, as the design's
 * event contract gives them. Immutable; the name prefix is configurable (default {@code tripswitch.}).
 */
public final class Topics {

    public static final String DEFAULT_PREFIX = "tripswitch.";
    private static final Map<String, String> SHORT_RETENTION = retention(Duration.ofHours(6));
    private static final Map<String, String> DELETE = retention(Duration.ofDays(7));
    private static final Map<String, String> LONG_RETENTION = retention(Duration.ofDays(365));
    private static final Map<String, String> COMPACT = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

    /** Declared after the retention maps it uses. */
    public static final Topics DEFAULT = new Topics(DEFAULT_PREFIX);

    public final Topic<String, ProbeResult> probeResults;
    public final Topic<String, ReplicationLag> replicationLag;
    public final Topic<String, RegionHealth> regionHealth;
    public final Topic<String, FailoverDecision> decisions;
    public final Topic<String, GroupState> groupState;
    public final Topic<String, OperatorCommand> commands;
    public final Topic<String, Actuation> actuations;
    public final Topic<String, Alert> alerts;
    public final Topic<byte[], byte[]> deadLetter;

    public Topics(String prefix) {
        Serde<String> key = Serdes.String();
        probeResults = new Topic<>(prefix + "probe-results", key, AvroSerde.of(ProbeResult.class), SHORT_RETENTION);
        replicationLag = new Topic<>(prefix + "replication-lag", key, AvroSerde.of(ReplicationLag.class), DELETE);
        regionHealth = new Topic<>(prefix + "region-health", key, AvroSerde.of(RegionHealth.class), COMPACT);
        decisions = new Topic<>(prefix + "decisions", key, AvroSerde.of(FailoverDecision.class), LONG_RETENTION);
        groupState = new Topic<>(prefix + "group-state", key, AvroSerde.of(GroupState.class), COMPACT);
        commands = new Topic<>(prefix + "commands", key, AvroSerde.of(OperatorCommand.class), DELETE);
        actuations = new Topic<>(prefix + "actuations", key, AvroSerde.of(Actuation.class), LONG_RETENTION);
        alerts = new Topic<>(prefix + "alerts", key, AvroSerde.of(Alert.class), DELETE);
        deadLetter = new Topic<>(prefix + "dead-letter", Serdes.ByteArray(), Serdes.ByteArray(), DELETE);
    }

    public List<Topic<?, ?>> all() {
        return List.of(probeResults, replicationLag, regionHealth, decisions, groupState, commands, actuations, alerts, deadLetter);
    }

    private static Map<String, String> retention(Duration retention) {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    }
}
