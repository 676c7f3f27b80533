package io.tripswitch.actuator.support;

import static org.awaitility.Awaitility.await;

import io.tripswitch.events.Actuation;
import io.tripswitch.events.Alert;
import io.tripswitch.events.DecisionAction;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.GroupState;
import io.tripswitch.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The test's side of the topics: produces decisions and group states as decision-service would, and reads
 * back every Actuation and Alert published since it opened.
 */
public final class Bus implements AutoCloseable {

    /** A produced decision and where it landed. */
    public record Sent(FailoverDecision decision, RecordMetadata where) {
        public String id() {
            return decision.getDecisionId();
        }
    }

    private final KafkaProducer<String, FailoverDecision> decisions;
    private final KafkaProducer<String, GroupState> states;
    private final KafkaConsumer<String, Actuation> actuationReader;
    private final KafkaConsumer<String, Alert> alertReader;
    private final List<Actuation> actuations = new ArrayList<>();
    private final List<Alert> alerts = new ArrayList<>();

    public Bus(String bootstrapServers) {
        Map<String, Object> producer = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        decisions = new KafkaProducer<>(producer, new StringSerializer(), Topics.DEFAULT.decisions.valueSerde().serializer());
        states = new KafkaProducer<>(producer, new StringSerializer(), Topics.DEFAULT.groupState.valueSerde().serializer());
        Map<String, Object> consumer = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        actuationReader = new KafkaConsumer<>(consumer, new StringDeserializer(), Topics.DEFAULT.actuations.valueSerde().deserializer());
        alertReader = new KafkaConsumer<>(consumer, new StringDeserializer(), Topics.DEFAULT.alerts.valueSerde().deserializer());
        fromNow(actuationReader, Topics.DEFAULT.actuations.name());
        fromNow(alertReader, Topics.DEFAULT.alerts.name());
    }

    private static void fromNow(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start now, before the test produces anything
    }

    /** Produces a decision for group app and, as decision-service does, the group state it makes. */
    public Sent decide(long epoch, String region) {
        FailoverDecision decision = FailoverDecision.newBuilder()
                .setDecisionId(UUID.randomUUID().toString())
                .setGroup("app")
                .setEpoch(epoch)
                .setAction(DecisionAction.OPERATOR)
                .setActiveRegion(region)
                .setPreviousRegion("gra")
                .setStandbyRegions(List.of())
                .setReason("test")
                .setOperator("test")
                .setEvidence(List.of())
                .setDecidedAt(Instant.now())
                .build();
        try {
            RecordMetadata where = decisions.send(new ProducerRecord<>(Topics.DEFAULT.decisions.name(), "app", decision)).get();
            return new Sent(decision, where);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce the decision", e);
        }
    }

    /** Produces the group state a decision leads to (decision-service writes both). */
    public void groupState(Sent sent) {
        FailoverDecision decision = sent.decision();
        GroupState state = GroupState.newBuilder()
                .setGroup(decision.getGroup())
                .setActiveRegion(decision.getActiveRegion())
                .setEpoch(decision.getEpoch())
                .setFrozen(false)
                .setLastDecisionId(decision.getDecisionId())
                .setUpdatedAt(Instant.now())
                .build();
        try {
            states.send(new ProducerRecord<>(Topics.DEFAULT.groupState.name(), decision.getGroup(), state)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce the group state", e);
        }
    }

    /** Decision and group state, as decision-service publishes them. */
    public Sent decideWithState(long epoch, String region) {
        Sent sent = decide(epoch, region);
        groupState(sent);
        return sent;
    }

    public synchronized List<Actuation> actuations() {
        actuationReader.poll(Duration.ofMillis(100)).forEach(record -> actuations.add(record.value()));
        return List.copyOf(actuations);
    }

    public synchronized List<Alert> alerts() {
        alertReader.poll(Duration.ofMillis(100)).forEach(record -> alerts.add(record.value()));
        return List.copyOf(alerts);
    }

    public List<Actuation> actuations(Predicate<Actuation> which) {
        return actuations().stream().filter(which).toList();
    }

    public List<Alert> alerts(Predicate<Alert> which) {
        return alerts().stream().filter(which).toList();
    }

    /** Waits until {@code count} actuations match. */
    public List<Actuation> awaitActuations(Predicate<Actuation> which, int count, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> actuations(which).size() >= count);
        return actuations(which);
    }

    @Override
    public void close() {
        decisions.close();
        states.close();
        actuationReader.close();
        alertReader.close();
    }
}
