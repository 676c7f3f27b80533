package io.tripswitch.decision.topology;

import io.tripswitch.decision.domain.AlertNotice;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Record;

/** Turns an alert notice into the record published on {@code tripswitch.alerts} (keyed by group, else region). */
final class AlertPublishing {

    private AlertPublishing() {
    }

    static Record<String, SpecificRecord> record(AlertNotice notice) {
        String key = notice.condition().group().or(() -> notice.condition().region()).orElse("");
        // A FIRING and its RESOLVED share the alert id; each record still needs its own CloudEvents id.
        String eventId = UUID.nameUUIDFromBytes((notice.alertId() + "/" + notice.status()).getBytes(StandardCharsets.UTF_8)).toString();
        return new Record<>(key, EventMapping.alert(notice), notice.at().toEpochMilli(), CloudEvents.headers("Alert", eventId, notice.at()));
    }
}
