package io.tripswitch.tools;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.IdentityHashMap;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Renders decoded records as one-line JSON: Avro's own record rendering, with timestamps as quoted
 * ISO-8601 strings (Avro would print {@link Instant}s bare, which is not JSON).
 */
public final class JsonRecords {

    private static final SpecificData JSON_MODEL = new SpecificData() {
        @Override
        protected void toString(Object datum, StringBuilder buffer, IdentityHashMap<Object, Object> seenObjects) {
            if (datum instanceof Instant instant) {
                buffer.append('"').append(instant).append('"');
            } else {
                super.toString(datum, buffer, seenObjects);
            }
        }
    };

    private JsonRecords() {
    }

    /** JSON of a decoded value: an Avro record, a string, or raw bytes (dead letters) as base64. */
    public static String toJson(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof SpecificRecord record) {
            return JSON_MODEL.toString(record).replace('\n', ' ');
        }
        if (value instanceof byte[] bytes) {
            return "{\"base64\": \"" + Base64.getEncoder().encodeToString(bytes) + "\"}";
        }
        return JSON_MODEL.toString(value.toString());
    }

    /** A key as printed in the first column: the string itself, or raw bytes as UTF-8 when they are text. */
    public static String keyText(Object key) {
        if (key == null) {
            return "-";
        }
        if (key instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return key.toString();
    }
}
