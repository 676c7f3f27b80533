package io.tripswitch.actuator.messaging;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tripswitch.actuator.domain.ActuationSink;
import io.tripswitch.actuator.domain.AlertNotice;
import io.tripswitch.actuator.domain.AttemptReport;
import io.tripswitch.events.Actuation;
import io.tripswitch.events.ActuationOutcome;
import io.tripswitch.events.Alert;
import io.tripswitch.events.AlertStatus;
import io.tripswitch.events.AlertType;
import io.tripswitch.events.Severity;
import io.tripswitch.schemas.CloudEventHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Publishes every attempt as an Actuation on {@code tripswitch.actuations} and every alert transition as an
 * Alert on {@code tripswitch.alerts}, both keyed by group, with CloudEvents headers.
 */
@ApplicationScoped
public class ActuationPublisher implements ActuationSink {

    static final String SOURCE = "/tripswitch/dns-actuator";
    private static final Logger LOG = Logger.getLogger(ActuationPublisher.class);

    @Inject
    @Channel("actuations")
    Emitter<byte[]> emitter;

    @Inject
    @Channel("alerts")
    Emitter<byte[]> alertEmitter;

    @ConfigProperty(name = "mp.messaging.outgoing.actuations.topic")
    String topic;

    @ConfigProperty(name = "mp.messaging.outgoing.alerts.topic")
    String alertTopic;

    @Override
    public void alert(AlertNotice notice) {
        Alert alert = Alert.newBuilder()
                .setAlertId(notice.alertId())
                .setType(AlertType.valueOf(notice.kind().name()))
                .setSeverity(Severity.valueOf(notice.severity().name()))
                .setStatus(AlertStatus.valueOf(notice.status().name()))
                .setGroup(notice.group())
                .setRegion(notice.region())
                .setSummary(notice.summary())
                .setLabels(new HashMap<>(notice.labels()))
                .setAt(notice.at())
                .build();
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(notice.group())
                .withHeaders(new RecordHeaders(CloudEventHeaders.of("Alert", UUID.randomUUID().toString(), SOURCE, notice.at())))
                .build();
        Logger.Level level = notice.status() == AlertNotice.Status.FIRING ? Logger.Level.WARN : Logger.Level.INFO;
        LOG.logf(level, "alert %s %s group %s: %s", notice.kind(), notice.status(), notice.group(), notice.summary());
        alertEmitter.send(Message.of(AvroCodec.alert(alertTopic, alert), Metadata.of(metadata)).withNack(failure -> {
            LOG.errorf("could not publish alert %s %s of group %s: %s", notice.kind(), notice.status(), notice.group(), failure.getMessage());
            return CompletableFuture.completedFuture(null);
        }));
    }

    @Override
    public void actuation(AttemptReport report) {
        Actuation actuation = Actuation.newBuilder()
                .setDecisionId(report.decision().decisionId())
                .setGroup(report.decision().group())
                .setEpoch(report.decision().epoch())
                .setTarget(report.target())
                .setOutcome(ActuationOutcome.valueOf(report.outcome().result().name()))
                .setAttempt(report.attempt())
                .setDurationMs((int) Math.min(Integer.MAX_VALUE, report.durationMs()))
                .setDetail(report.outcome().detail())
                .setAt(report.at())
                .build();
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(report.decision().group())
                .withHeaders(new RecordHeaders(CloudEventHeaders.of("Actuation", UUID.randomUUID().toString(), SOURCE, report.at())))
                .build();
        log(report);
        emitter.send(Message.of(AvroCodec.actuation(topic, actuation), Metadata.of(metadata)).withNack(failure -> {
            LOG.errorf("could not publish the actuation of %s for decision %s: %s", report.target(),
                    report.decision().decisionId(), failure.getMessage());
            return CompletableFuture.completedFuture(null);
        }));
    }

    private static void log(AttemptReport report) {
        Logger.Level level = switch (report.outcome().result()) {
            case FAILED, REJECTED -> Logger.Level.WARN;
            default -> Logger.Level.INFO;
        };
        LOG.logf(level, "group %s epoch %d -> %s: %s %s (attempt %d, %d ms) %s", report.decision().group(),
                report.decision().epoch(), report.decision().activeRegion(), report.target(), report.outcome().result(),
                report.attempt(), report.durationMs(), report.outcome().detail());
    }
}
