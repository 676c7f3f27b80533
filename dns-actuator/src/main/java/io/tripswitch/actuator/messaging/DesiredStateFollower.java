package io.tripswitch.actuator.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.tripswitch.actuator.domain.ActuationSink;
import io.tripswitch.actuator.domain.AlertNotice;
import io.tripswitch.actuator.domain.DesiredState;
import io.tripswitch.actuator.domain.EpochFence;
import io.tripswitch.actuator.wiring.ActuatorWiring;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.events.GroupState;
import io.tripswitch.schemas.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows {@code tripswitch.group-state} (compacted: the latest state of each group) and feeds each state to the
 * epoch fence as the desired state. At start a plain consumer reads the topic from its beginning up to the end
 * offsets seen then, without a consumer group or commits, so a restarted actuator refuses an older decision replayed
 * from the topic; decisions wait for that first read. Afterwards the {@code group-state} channel (its own throwaway
 * consumer group, from the beginning, nothing committed) keeps the fence current. Its first records also pay
 * SmallRye's one-time per-record costs, which would otherwise delay the first decision after a start (~80 ms).
 * The start-up read also takes back the actuator's own alerts still firing ({@link AlertMemory}).
 */
@ApplicationScoped
public class DesiredStateFollower {

    private static final Logger LOG = Logger.getLogger(DesiredStateFollower.class);

    @Inject
    ActuatorWiring.Actuator actuator;

    @Inject
    TripswitchConfig config;

    @Inject
    ActuationSink sink;

    @Inject
    Clock clock;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final CountDownLatch loaded = new CountDownLatch(1);
    private volatile boolean running = true;

    void onStart(@Observes StartupEvent event) {
        Thread thread = new Thread(this::loadAtStart, "actuator-group-state");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    /** Waits until the group states present at start are in the fence; false on timeout. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Incoming("group-state")
    @Blocking(ordered = true)
    public void onGroupState(ConsumerRecord<String, byte[]> record) {
        // a state newer than any seen (decision-service wrote it with a decision the consumer may not have read yet)
        observe(record, actuator.fence()).ifPresent(state -> actuator.reconciler().expect(state.group(), state.epoch()));
    }

    private void loadAtStart() {
        Topics topics = new Topics(config.topicPrefix());
        String topic = topics.groupState.name();
        while (running) {
            try {
                int seeded = loadOnce(bootstrapServers, topic, actuator.fence());
                LOG.infof("desired state loaded from %s: %d group state(s), fence %s", topic, seeded, actuator.fence().snapshot());
                restoreAlerts(topics.alerts.name());
                loaded.countDown();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("reading %s failed, reading it again from the beginning: %s", topic, e.toString());
                pause();
            }
        }
    }

    /**
     * Seeds {@code fence} with every group state of {@code topic} (from its beginning, up to the end offsets seen
     * now) with a consumer of its own, and closes it: what a (re)starting actuator knows before judging a decision.
     */
    public static int loadOnce(String bootstrapServers, String topic, EpochFence fence) {
        int[] seeded = {0};
        TopicSnapshot.fromBeginning(bootstrapServers, "dns-actuator-group-state", topic, record -> {
            if (observe(record, fence).isPresent()) {
                seeded[0]++;
            }
        });
        return seeded[0];
    }

    /** Takes back the actuator's own alerts still firing before this start, so each resolves once (not fires twice). */
    private void restoreAlerts(String topic) {
        List<AlertNotice> stillFiring = AlertMemory.stillFiring(bootstrapServers, topic, clock.instant().minus(config.actuator().alertMemory()));
        List<AlertNotice> resolved = actuator.restoreAlerts(stillFiring);
        resolved.forEach(sink::alert);
        if (!stillFiring.isEmpty()) {
            LOG.infof("%d alert(s) of this actuator still firing, taken back from %s (%d resolved at once: no longer configured)",
                    stillFiring.size(), topic, resolved.size());
        }
    }

    /** The group state of {@code record}, when it is newer than what {@code fence} knew (it now knows it). */
    private static Optional<DesiredState> observe(ConsumerRecord<?, byte[]> record, EpochFence fence) {
        if (record.value() == null) {
            return Optional.empty();
        }
        GroupState state;
        try {
            state = AvroCodec.groupState(record.topic(), record.value());
        } catch (SerializationException e) {
            LOG.warnf("skipping an undecodable group state at %s-%d offset %d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return Optional.empty();
        }
        String decisionId = state.getLastDecisionId() != null ? state.getLastDecisionId() : "group-state:" + state.getEpoch();
        DesiredState desired = new DesiredState(state.getGroup(), state.getEpoch(), state.getActiveRegion(), decisionId);
        if (!fence.observe(desired)) {
            return Optional.empty();
        }
        LOG.debugf("desired state of %s: %s at epoch %d", state.getGroup(), state.getActiveRegion(), state.getEpoch());
        return Optional.of(desired);
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
