package io.tripswitch.actuator.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.tripswitch.actuator.domain.Decision;
import io.tripswitch.actuator.domain.DecisionApplier;
import io.tripswitch.events.FailoverDecision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies each decision from {@code tripswitch.decisions}, one at a time in topic order (ordered blocking),
 * and returns once every target has an outcome, so the offset is committed only after the work.
 * An undecodable record is logged and skipped: one bad record never stops the actuator.
 */
@ApplicationScoped
public class DecisionConsumer {

    private static final Logger LOG = Logger.getLogger(DecisionConsumer.class);
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(2);

    @Inject
    DecisionApplier applier;

    @Inject
    DesiredStateFollower follower;

    @Incoming("decisions")
    @Blocking(ordered = true)
    public void onDecision(ConsumerRecord<String, byte[]> record) {
        LOG.debugf("decision at %s-%d offset %d received %d ms after it was produced", record.topic(), record.partition(),
                record.offset(), System.currentTimeMillis() - record.timestamp());
        FailoverDecision value;
        try {
            value = AvroCodec.decision(record.topic(), record.value());
        } catch (SerializationException e) {
            LOG.warnf("skipping an undecodable decision at %s-%d offset %d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        if (value == null) {
            LOG.warnf("skipping an empty decision at %s-%d offset %d", record.topic(), record.partition(), record.offset());
            return;
        }
        Decision decision = new Decision(value.getDecisionId(), value.getGroup(), value.getEpoch(), value.getActiveRegion());
        awaitDesiredState();
        applier.apply(decision);
    }

    /** The fence must know the latest group states before the first decision is judged (restart safety). */
    private void awaitDesiredState() {
        try {
            if (!follower.awaitLoaded(LOAD_TIMEOUT)) {
                LOG.warnf("desired state not loaded after %s; judging decisions with what is known", LOAD_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
