package io.tripswitch.probe.setup;

import io.tripswitch.events.GroupState;
import io.tripswitch.probe.check.ActiveRegions;
import io.tripswitch.schemas.AvroSerde;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows the compacted {@code tripswitch.group-state} topic from its beginning (every probe instance reads all of
 * it, under a consumer group of its own, and never commits) and keeps each group's active region for the DNS check.
 * An undecodable record is logged and skipped; a tombstone forgets the group.
 */
@ApplicationScoped
public class GroupStateListener {

    /** Channel of the GroupState consumer (see application.properties). */
    public static final String CHANNEL = "group-state";

    private static final Logger LOG = Logger.getLogger(GroupStateListener.class);
    private static final AvroSerde<GroupState> SERDE = AvroSerde.of(GroupState.class);

    private final ActiveRegions activeRegions = new ActiveRegions();

    @Incoming(CHANNEL)
    public void onGroupState(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                activeRegions.forget(record.key());
            }
            return;
        }
        GroupState state;
        try {
            state = SERDE.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            LOG.warnf("skipping an undecodable group state at %s-%d offset %d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        activeRegions.activate(state.getGroup(), state.getActiveRegion());
        LOG.debugf("group %s: active region %s (epoch %d)", state.getGroup(), state.getActiveRegion(), state.getEpoch());
    }

    /** Each group's active region as last seen on the topic; shared with the DNS check. */
    public ActiveRegions activeRegions() {
        return activeRegions;
    }
}
