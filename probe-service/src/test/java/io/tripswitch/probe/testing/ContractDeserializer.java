package io.tripswitch.probe.testing;

import java.io.IOException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Avro single-object decoding, as {@code AvroSerde} does it, but resolving record classes through the record
 * type's own class loader. Under {@code @QuarkusTest} the generated classes of a sibling module live in Quarkus'
 * runtime class loader while Avro lives in the base one; Avro's default lookup (its own loader first) then finds
 * a second copy on the JVM class path and decoding fails with a ClassCastException (quarkusio/quarkus#27057).
 */
public final class ContractDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final BinaryMessageDecoder<T> decoder;

    public ContractDeserializer(Class<T> type) {
        SpecificData generated = SpecificData.getForClass(type);
        SpecificData model = new SpecificData(type.getClassLoader());
        // The generated model carries the logical-type conversions (timestamp-millis ↔ Instant).
        generated.getConversions().forEach(model::addLogicalTypeConversion);
        this.decoder = new BinaryMessageDecoder<>(model, model.getSchema(type));
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        try {
            return data == null ? null : decoder.decode(data);
        } catch (IOException e) {
            throw new SerializationException("cannot decode a record of " + topic, e);
        }
    }
}
