package io.tripswitch.actuator.messaging;

import io.tripswitch.events.Actuation;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.schemas.AvroSerde;

/**
 * Encodes and decodes our Avro records inside the application rather than in serializer classes that
 * Kafka instantiates by name (through whatever context class loader the client thread has), and lets
 * the consumer turn an undecodable record into a logged skip instead of a connector failure.
 */
final class AvroCodec {

    private static final AvroSerde<FailoverDecision> DECISIONS = AvroSerde.of(FailoverDecision.class);
    private static final AvroSerde<Actuation> ACTUATIONS = AvroSerde.of(Actuation.class);

    private AvroCodec() {
    }

    /** Throws {@link org.apache.kafka.common.errors.SerializationException} for anything undecodable. */
    static FailoverDecision decision(String topic, byte[] bytes) {
        return DECISIONS.deserialize(topic, bytes);
    }

    static byte[] actuation(String topic, Actuation actuation) {
        return ACTUATIONS.serialize(topic, actuation);
    }
}
