package io.tripswitch.actuator.messaging;

import io.tripswitch.events.FailoverDecision;
import io.tripswitch.schemas.AvroSerde;
import org.apache.kafka.common.serialization.Deserializer;

/** Kafka deserializer for FailoverDecision, instantiable by class name from the channel configuration. */
public final class FailoverDecisionDeserializer implements Deserializer<FailoverDecision> {

    private final AvroSerde<FailoverDecision> serde = AvroSerde.of(FailoverDecision.class);

    @Override
    public FailoverDecision deserialize(String topic, byte[] data) {
        // The generated classes' Avro model has no class loader of its own and resolves record classes
        // through the thread's context loader; the Kafka polling thread's may not be the one that loaded
        // ours (seen under @QuarkusTest: "FailoverDecision cannot be cast to IndexedRecord").
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(FailoverDecision.class.getClassLoader());
        try {
            return serde.deserialize(topic, data);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
