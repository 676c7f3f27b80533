package io.tripswitch.actuator.messaging;

import io.tripswitch.actuator.domain.AlertNotice;
import io.tripswitch.events.Alert;
import io.tripswitch.schemas.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Reads back, from {@code tripswitch.alerts}, the alerts this actuator raised that are still FIRING (their last
 * transition within the look-back), so a restart neither forgets to resolve them nor fires them a second time.
 * Only records with the actuator's CloudEvents source are decoded; other services' alerts are skipped unread.
 */
final class AlertMemory {

    private static final Logger LOG = Logger.getLogger(AlertMemory.class);
    private static final Set<String> OWN_TYPES = Arrays.stream(AlertNotice.Kind.values()).map(Enum::name).collect(Collectors.toSet());

    private AlertMemory() {
    }

    /** The actuator's alerts whose latest transition since {@code since} is FIRING, oldest first. */
    static List<AlertNotice> stillFiring(String bootstrapServers, String topic, Instant since) {
        Map<String, AlertNotice> latest = new LinkedHashMap<>();
        TopicSnapshot.since(bootstrapServers, "dns-actuator-alert-memory", topic, since, record -> {
            if (ownAlert(record)) {
                decode(record).ifPresent(notice -> {
                    latest.remove(notice.alertId()); // keeps the map in order of each alert's latest transition
                    latest.put(notice.alertId(), notice);
                });
            }
        });
        return latest.values().stream().filter(notice -> notice.status() == AlertNotice.Status.FIRING).toList();
    }

    private static boolean ownAlert(ConsumerRecord<byte[], byte[]> record) {
        Header source = record.headers().lastHeader(CloudEventHeaders.SOURCE);
        return source != null && ActuationPublisher.SOURCE.equals(new String(source.value(), StandardCharsets.UTF_8));
    }

    private static Optional<AlertNotice> decode(ConsumerRecord<byte[], byte[]> record) {
        Alert alert;
        try {
            alert = AvroCodec.alert(record.topic(), record.value());
        } catch (SerializationException e) {
            LOG.warnf("skipping an undecodable alert at %s-%d offset %d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return Optional.empty();
        }
        if (alert == null || alert.getGroup() == null || !OWN_TYPES.contains(alert.getType().name())) {
            return Optional.empty();
        }
        return Optional.of(new AlertNotice(alert.getAlertId(), AlertNotice.Kind.valueOf(alert.getType().name()),
                AlertNotice.Severity.valueOf(alert.getSeverity().name()), AlertNotice.Status.valueOf(alert.getStatus().name()),
                alert.getGroup(), alert.getRegion(), alert.getSummary(), alert.getLabels(), alert.getAt()));
    }
}
