package io.tripswitch.actuator.messaging;

import io.tripswitch.events.Actuation;
import io.tripswitch.schemas.AvroSerde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer for Actuation, instantiable by class name from the channel configuration. */
public final class ActuationSerializer implements Serializer<Actuation> {

    private final AvroSerde<Actuation> serde = AvroSerde.of(Actuation.class);

    @Override
    public byte[] serialize(String topic, Actuation data) {
        return serde.serialize(topic, data);
    }
}
