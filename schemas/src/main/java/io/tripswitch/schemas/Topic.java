package io.tripswitch.schemas;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/** A topic of the event contract: its name, its serdes and the configs it is created with. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs) {

    public Topic {
        configs = Map.copyOf(configs);
    }
}
