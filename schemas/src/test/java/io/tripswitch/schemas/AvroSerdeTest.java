package io.tripswitch.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

    static List<SpecificRecord> everyRecord() {
        return SampleEvents.all();
    }

    @ParameterizedTest
    @MethodSource("everyRecord")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void shouldRoundTripEveryRecordOfTheContract(SpecificRecord record) {
        AvroSerde serde = AvroSerde.of(record.getClass());

        byte[] bytes = serde.serialize("t", record);
        Object decoded = serde.deserialize("t", bytes);

        assertThat(decoded).isEqualTo(record);
    }

    @ParameterizedTest
    @MethodSource("everyRecord")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void shouldWriteAvroSingleObjectEncodingHeader(SpecificRecord record) {
        byte[] bytes = ((AvroSerde) AvroSerde.of(record.getClass())).serialize("t", record);

        // Avro single-object encoding: marker C3 01, then the 8-byte CRC-64-AVRO fingerprint of the writer schema.
        assertThat(Arrays.copyOfRange(bytes, 0, 2)).containsExactly(0xC3 - 256, 0x01);
        long fingerprint = org.apache.avro.SchemaNormalization.parsingFingerprint64(record.getSchema());
        long written = java.nio.ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(written).isEqualTo(fingerprint);
    }

    @Test
    void shouldRejectGarbageWithAClearException() {
        AvroSerde<io.tripswitch.events.ProbeResult> serde = AvroSerde.of(io.tripswitch.events.ProbeResult.class);

        assertThatThrownBy(() -> serde.deserialize("tripswitch.probe-results", "not avro at all".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot decode io.tripswitch.events.ProbeResult")
                .hasMessageContaining("tripswitch.probe-results");
    }

    @Test
    void shouldRejectARecordOfAnotherTypeByItsFingerprint() {
        byte[] alert = AvroSerde.of(io.tripswitch.events.Alert.class).serialize("t", SampleEvents.alert());

        assertThatThrownBy(() -> AvroSerde.of(io.tripswitch.events.ProbeResult.class).deserialize("t", alert))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot decode io.tripswitch.events.ProbeResult");
    }

    @Test
    void shouldRejectATruncatedRecord() {
        byte[] bytes = AvroSerde.of(io.tripswitch.events.ProbeResult.class).serialize("t", SampleEvents.probeResult());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);

        assertThatThrownBy(() -> AvroSerde.of(io.tripswitch.events.ProbeResult.class).deserialize("t", truncated))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldReadANullPayloadAsATombstone() {
        assertThat(AvroSerde.of(io.tripswitch.events.GroupState.class).deserialize("t", null)).isNull();
    }
}
