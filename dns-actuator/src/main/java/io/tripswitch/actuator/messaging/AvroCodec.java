package io.tripswitch.actuator.messaging;

import io.tripswitch.events.Actuation;
import io.tripswitch.events.Alert;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.GroupState;
import io.tripswitch.schemas.AvroSerde;

/**
 * Encodes and decodes our Avro records inside the application rather than in serializer classes that
 * Kafka instantiates by name (through whatever context class loader the client thread has), and lets
 * the consumer turn an undecodable record into a logged skip instead of a connector failure.
 */
final class AvroCodec {

    private static final AvroSerde<FailoverDecision> DECISIONS = AvroSerde.of(FailoverDecision.class);
    private static final AvroSerde<GroupState> GROUP_STATES = AvroSerde.of(GroupState.class);
    private static final AvroSerde<Actuation> ACTUATIONS = AvroSerde.of(Actuation.class);
    private static final AvroSerde<Alert> ALERTS = AvroSerde.of(Alert.class);

    private AvroCodec() {
    }

    /** Throws {@link org.apache.kafka.common.errors.SerializationException} for anything undecodable. */
    static FailoverDecision decision(String topic, byte[] bytes) {
        return DECISIONS.deserialize(topic, bytes);
    }

    /** Throws {@link org.apache.kafka.common.errors.SerializationException} for anything undecodable. */
    static GroupState groupState(String topic, byte[] bytes) {
        return GROUP_STATES.deserialize(topic, bytes);
    }

    static byte[] actuation(String topic, Actuation actuation) {
        return ACTUATIONS.serialize(topic, actuation);
    }

    /** Throws {@link org.apache.kafka.common.errors.SerializationException} for anything undecodable. */
    static Alert alert(String topic, byte[] bytes) {
        return ALERTS.deserialize(topic, bytes);
    }

    static byte[] alert(String topic, Alert alert) {
        return ALERTS.serialize(topic, alert);
    }
}
