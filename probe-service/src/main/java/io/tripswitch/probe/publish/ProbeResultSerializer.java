package io.tripswitch.probe.publish;

import io.tripswitch.events.ProbeResult;
import io.tripswitch.schemas.AvroSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The contract's ProbeResult serializer (Avro single-object encoding) as a class with a no-argument
 * constructor, so the Kafka producer behind the SmallRye channel can be given it by name in its config.
 */
public final class ProbeResultSerializer implements Serializer<ProbeResult> {

    private final Serializer<ProbeResult> delegate = AvroSerde.of(ProbeResult.class);

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, ProbeResult data) {
        return delegate.serialize(topic, data);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
