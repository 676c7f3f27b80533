package io.tripswitch.decision.topology;

import io.tripswitch.events.OperatorCommand;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.events.ReplicationLag;
import io.tripswitch.schemas.AvroSerde;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A {@link GroupInput} on the internal repartition topic: one tag byte, then the contract event in single-object encoding. */
final class GroupInputSerde implements Serde<GroupInput> {

    private static final byte HEALTH = 1;
    private static final byte LAG = 2;
    private static final byte COMMAND = 3;

    private final Serde<RegionHealth> health = AvroSerde.of(RegionHealth.class);
    private final Serde<ReplicationLag> lag = AvroSerde.of(ReplicationLag.class);
    private final Serde<OperatorCommand> command = AvroSerde.of(OperatorCommand.class);

    @Override
    public Serializer<GroupInput> serializer() {
        return (topic, input) -> {
            if (input == null) {
                return null;
            }
            if (input.health() != null) {
                return tagged(HEALTH, health.serializer().serialize(topic, input.health()));
            }
            if (input.lag() != null) {
                return tagged(LAG, lag.serializer().serialize(topic, input.lag()));
            }
            return tagged(COMMAND, command.serializer().serialize(topic, input.command()));
        };
    }

    @Override
    public Deserializer<GroupInput> deserializer() {
        return (topic, data) -> {
            if (data == null || data.length == 0) {
                return null;
            }
            byte[] body = Arrays.copyOfRange(data, 1, data.length);
            return switch (data[0]) {
                case HEALTH -> GroupInput.of(health.deserializer().deserialize(topic, body));
                case LAG -> GroupInput.of(lag.deserializer().deserialize(topic, body));
                case COMMAND -> GroupInput.of(command.deserializer().deserialize(topic, body));
                default -> throw new SerializationException("unknown group input tag " + data[0]);
            };
        };
    }

    private static byte[] tagged(byte tag, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = tag;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }
}
