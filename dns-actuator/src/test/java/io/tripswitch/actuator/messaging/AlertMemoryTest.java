package io.tripswitch.actuator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.actuator.domain.AlertNotice;
import io.tripswitch.events.Alert;
import io.tripswitch.events.AlertStatus;
import io.tripswitch.events.AlertType;
import io.tripswitch.events.Severity;
import io.tripswitch.schemas.CloudEventHeaders;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads back the actuator's still-firing alerts from a real broker's tripswitch.alerts. */
class AlertMemoryTest {

    private static final String TOPIC = Topics.DEFAULT.alerts.name();
    private static EmbeddedKafka kafka;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start().withContractTopics(Topics.DEFAULT, 3);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        kafka.close();
    }

    @Test
    void shouldReturnOnlyTheActuatorsOwnAlertsWhoseLastTransitionIsFiring() throws Exception {
        Instant now = Instant.now();
        // group a: fired then resolved; group b: fired, still firing; group c: a DRIFT still firing
        send("a", alert("a-1", AlertType.ACTUATION_FAILED, AlertStatus.FIRING, "a", "dns:x"), ActuationPublisher.SOURCE, now.minusSeconds(60));
        send("a", alert("a-1", AlertType.ACTUATION_FAILED, AlertStatus.RESOLVED, "a", "dns:x"), ActuationPublisher.SOURCE, now.minusSeconds(30));
        send("b", alert("b-1", AlertType.ACTUATION_FAILED, AlertStatus.FIRING, "b", "haproxy:lb/b"), ActuationPublisher.SOURCE, now.minusSeconds(20));
        send("c", alert("c-1", AlertType.DRIFT_DETECTED, AlertStatus.FIRING, "c", "dns:y"), ActuationPublisher.SOURCE, now.minusSeconds(10));
        // the decision-service's alert of an actuator-looking type, and a region alert: not ours
        send("b", alert("d-1", AlertType.ACTUATION_FAILED, AlertStatus.FIRING, "b", "dns:x"), "/tripswitch/decision-service", now.minusSeconds(10));
        send("b", alert("d-2", AlertType.REGION_DOWN, AlertStatus.FIRING, "b", "region"), ActuationPublisher.SOURCE, now.minusSeconds(10));
        // garbage under our source is skipped, not fatal
        producer.send(record("b", new byte[] {1, 2, 3}, ActuationPublisher.SOURCE, now.minusSeconds(5))).get();

        List<AlertNotice> firing = AlertMemory.stillFiring(kafka.bootstrapServers(), TOPIC, now.minus(Duration.ofHours(1)));

        assertThat(firing).extracting(AlertNotice::alertId).containsExactlyInAnyOrder("b-1", "c-1");
        AlertNotice b = firing.stream().filter(notice -> notice.alertId().equals("b-1")).findFirst().orElseThrow();
        assertThat(b.kind()).isEqualTo(AlertNotice.Kind.ACTUATION_FAILED);
        assertThat(b.status()).isEqualTo(AlertNotice.Status.FIRING);
        assertThat(b.group()).isEqualTo("b");
        assertThat(b.labels()).containsEntry("subject", "haproxy:lb/b");
    }

    @Test
    void shouldForgetAlertsOlderThanTheLookBack() throws Exception {
        Instant now = Instant.now();
        send("old", alert("old-1", AlertType.ACTUATION_FAILED, AlertStatus.FIRING, "old", "dns:z"), ActuationPublisher.SOURCE,
                now.minus(Duration.ofDays(10)));

        List<AlertNotice> firing = AlertMemory.stillFiring(kafka.bootstrapServers(), TOPIC, now.minus(Duration.ofDays(7)));

        assertThat(firing).extracting(AlertNotice::alertId).doesNotContain("old-1");
    }

    private static void send(String key, Alert alert, String source, Instant at) throws Exception {
        producer.send(record(key, AvroCodec.alert(TOPIC, alert), source, at)).get();
    }

    private static ProducerRecord<String, byte[]> record(String key, byte[] value, String source, Instant at) {
        return new ProducerRecord<>(TOPIC, null, at.toEpochMilli(), key, value, CloudEventHeaders.of("Alert", key + at, source, at));
    }

    private static Alert alert(String id, AlertType type, AlertStatus status, String group, String subject) {
        return Alert.newBuilder().setAlertId(id).setType(type).setSeverity(Severity.CRITICAL).setStatus(status).setGroup(group)
                .setRegion("rbx").setSummary("test").setLabels(Map.of("subject", subject)).setAt(Instant.now()).build();
    }
}
