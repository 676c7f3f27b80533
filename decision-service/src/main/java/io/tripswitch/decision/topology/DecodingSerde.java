package io.tripswitch.decision.topology;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Reads input values without ever failing: an undecodable value becomes a rejected {@link Decoded} that the
 * topology routes to the dead-letter topic, inside the same exactly-once transaction as everything else
 * (Kafka Streams 4.1 has no built-in dead-letter queue; KIP-1034 lands in 4.2). Writing gives back the
 * original bytes, which is what the dead-letter topic carries.
 */
public final class DecodingSerde<T> implements Serde<Decoded<T>> {

    private final Deserializer<T> delegate;

    public DecodingSerde(Serde<T> delegate) {
        this.delegate = delegate.deserializer();
    }

    @Override
    public Serializer<Decoded<T>> serializer() {
        return (topic, decoded) -> decoded == null ? null : decoded.raw();
    }

    @Override
    public Deserializer<Decoded<T>> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return Decoded.rejected(null, "record has no value");
            }
            try {
                T value = delegate.deserialize(topic, data);
                return value == null ? Decoded.rejected(data, "record has no value") : Decoded.of(value, data);
            } catch (SerializationException e) {
                return Decoded.rejected(data, e.getMessage());
            }
        };
    }
}
