package io.tripswitch.actuator.messaging;

import io.tripswitch.actuator.domain.DnsOwnership;
import io.tripswitch.actuator.domain.SilenceWatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * The actuator's contact with Kafka, on one thread with one consumer: every {@link #CONTACT_EVERY} it asks the end
 * offsets of {@code tripswitch.group-state} (a broker answering is "Kafka heard", for max-silence), and, when DNS is
 * owned ({@code membership} present), it is a member of the ownership consumer group over that topic: the member
 * assigned the partition a group's key falls in owns that group's DNS targets (docs/decisions/0014). No record is
 * read (the partitions are paused); the group exists for its membership only. An ownership is trusted only while
 * Kafka was heard within the session timeout: past that the broker has given the partition to another member, even
 * if this one (cut off) has not been told yet.
 */
public final class KafkaPresence implements DnsOwnership, AutoCloseable {

    /** How often the broker is asked something, so silence is noticed within about a second. */
    static final Duration CONTACT_EVERY = Duration.ofMillis(500);

    private static final Logger LOG = Logger.getLogger(KafkaPresence.class);

    /** The ownership consumer group: its id and its session (how long a dead owner keeps its groups). */
    public record Membership(String consumerGroup, Duration sessionTimeout, Duration heartbeatInterval) {
    }

    private final String bootstrapServers;
    private final String topic;
    private final Optional<Membership> membership;
    private final SilenceWatch silence;
    private final Collection<String> groups;
    private volatile Consumer<Set<String>> onGained = gained -> { };
    private final Set<Integer> assigned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile int partitions;
    private volatile boolean running = true;
    private volatile boolean crashing;
    private boolean failingStatic;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Admin admin;

    /** @param groups the traffic groups whose ownership is followed */
    public KafkaPresence(String bootstrapServers, String topic, Optional<Membership> membership, SilenceWatch silence,
            Collection<String> groups) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.membership = membership;
        this.silence = silence;
        this.groups = List.copyOf(groups);
        this.thread = new Thread(this::run, "actuator-kafka-presence");
        this.thread.setDaemon(true);
    }

    /** Starts; {@code onGained} is called on the presence thread with the groups this actuator has just come to own. */
    public KafkaPresence start(Consumer<Set<String>> onGained) {
        this.onGained = onGained;
        thread.start();
        return this;
    }

    @Override
    public boolean owns(String group) {
        if (membership.isEmpty()) {
            return true;
        }
        int count = partitions;
        return count > 0 && assigned.contains(partitionOf(group, count))
                && silence.heardWithin(membership.get().sessionTimeout());
    }

    /** The groups this actuator owns now (for logs, health and tests). */
    public Set<String> owned() {
        Set<String> owned = new TreeSet<>();
        groups.stream().filter(this::owns).forEach(owned::add);
        return owned;
    }

    /** The partition of {@code topic} a record keyed {@code group} goes to (the producers' default partitioner). */
    static int partitionOf(String group, int partitions) {
        return Utils.toPositive(Utils.murmur2(group.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private void run() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "dns-actuator-presence");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // a broker that does not answer within this is silence, not a wait
        settings.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        settings.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        membership.ifPresent(member -> {
            settings.put(ConsumerConfig.GROUP_ID_CONFIG, member.consumerGroup());
            settings.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic"); // the session timeout is the client's to set
            settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) member.sessionTimeout().toMillis());
            settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) member.heartbeatInterval().toMillis());
            // a joining actuator takes partitions from the others without every owner letting go of all of its own
            settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        });
        consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "dns-actuator-presence-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
        try {
            if (membership.isPresent()) {
                consumer.subscribe(List.of(topic), new Listener());
            }
            long nextContact = 0;
            while (running) {
                if (membership.isPresent()) {
                    consumer.poll(Duration.ofMillis(100)); // keeps the membership; returns nothing (all paused)
                } else {
                    Thread.sleep(100);
                }
                if (System.nanoTime() - nextContact >= 0) {
                    contact();
                    nextContact = System.nanoTime() + CONTACT_EVERY.toNanos();
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "Kafka presence stopped: this actuator no longer owns DNS and will report Kafka silent");
            assigned.clear();
        } finally {
            admin.close(Duration.ofSeconds(2));
            if (crashing) {
                // a crash in tests: leave the group as a killed process would, by not saying goodbye
                consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                        .withTimeout(Duration.ZERO));
            } else {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            }
        }
    }

    /**
     * Asks the partition leaders of the topic for their end offsets (through the admin client: the consumer would warn
     * about partitions it is not assigned). Leaders, not just any broker: a broker cut off with this actuator still
     * answers metadata, but leadership has moved to the majority's side.
     */
    private void contact() {
        try {
            List<TopicPartition> all = consumer.partitionsFor(topic, Duration.ofSeconds(2)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (!all.isEmpty()) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                all.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                admin.listOffsets(latest).all().get(2, TimeUnit.SECONDS);
                partitions = all.size();
                silence.heard();
            }
        } catch (KafkaException | ExecutionException | TimeoutException e) {
            if (e instanceof WakeupException wakeup) {
                throw wakeup;
            }
            LOG.debugf("no answer from Kafka (silent for %s): %s", silence.silentFor(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        boolean silentNow = silence.silent();
        if (silentNow != failingStatic) {
            failingStatic = silentNow;
            if (silentNow) {
                LOG.warnf("no answer from Kafka for %d s (max-silence %d s): fail static, resyncs change nothing until Kafka is heard again",
                        silence.silentFor().toSeconds(), silence.maxSilence().toSeconds());
            } else {
                LOG.infof("Kafka heard again: resyncs repair and converge again");
            }
        }
    }

    /** Follows the assignment: paused at once (nothing is read), gained groups reported. */
    private final class Listener implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> gained) {
            consumer.pause(gained);
            Set<String> before = owned();
            gained.forEach(partition -> assigned.add(partition.partition()));
            if (partitions == 0) {
                partitions = consumer.partitionsFor(topic).size();
            }
            silence.heard(); // a rebalance completed: the coordinator answered
            Set<String> now = owned();
            now.removeAll(before);
            LOG.infof("DNS ownership: partitions %s of %s assigned, owning the DNS of %s", new TreeSet<>(assigned), topic, owned());
            if (!now.isEmpty()) {
                onGained.accept(now);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            revoked.forEach(partition -> assigned.remove(partition.partition()));
            LOG.infof("DNS ownership: partitions %s revoked, owning the DNS of %s", revoked, owned());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            lost.forEach(partition -> assigned.remove(partition.partition()));
            LOG.warnf("DNS ownership: partitions %s lost (membership expired), owning the DNS of %s", lost, owned());
        }
    }

    /** Leaves the ownership group (the next member takes over at once) and stops. */
    @Override
    public void close() {
        stop(false);
    }

    /** Stops without leaving the group, as a killed process would: the broker hands over after the session timeout. */
    void crash() {
        stop(true);
    }

    private void stop(boolean crash) {
        crashing = crash;
        running = false;
        assigned.clear();
        if (consumer != null) {
            consumer.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For logs: {@code consumer group X, partitions [..] of topic}. */
    public String describe() {
        return membership.map(member -> "ownership group " + member.consumerGroup() + " (session " + member.sessionTimeout().toMillis()
                + " ms) over " + topic + ", partitions " + new TreeSet<>(new HashSet<>(assigned))).orElse("single actuator: owns every DNS target");
    }
}
