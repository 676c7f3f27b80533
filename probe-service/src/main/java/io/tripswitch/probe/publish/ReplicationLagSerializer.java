package io.tripswitch.probe.publish;

import io.tripswitch.events.ReplicationLag;
import io.tripswitch.schemas.AvroSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The contract's ReplicationLag serializer (Avro single-object encoding) as a class with a no-argument
 * constructor, so the Kafka producer behind the SmallRye channel can be given it by name in its config.
 */
public final class ReplicationLagSerializer implements Serializer<ReplicationLag> {

    private final Serializer<ReplicationLag> delegate = AvroSerde.of(ReplicationLag.class);

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, ReplicationLag data) {
        return delegate.serialize(topic, data);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
