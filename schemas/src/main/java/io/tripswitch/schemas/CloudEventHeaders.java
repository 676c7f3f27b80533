package io.tripswitch.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** CloudEvents binary-mode Kafka headers, so consumers can route on type without decoding the Avro value. */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";

    private CloudEventHeaders() {
    }

    /** Headers for one event; {@code type} is the record's simple name, e.g. {@code ProbeResult}. */
    public static List<Header> of(String type, String id, String source, Instant time) {
        return List.of(
                header(SPEC_VERSION, "1.0"),
                header(ID, id),
                header(SOURCE, source),
                header(TYPE, "io.tripswitch." + type),
                header(TIME, time.toString()));
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
