package io.tripswitch.actuator.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.tripswitch.actuator.domain.Decision;
import io.tripswitch.actuator.domain.DecisionApplier;
import io.tripswitch.events.FailoverDecision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies each decision from {@code tripswitch.decisions}, one at a time in topic order (ordered blocking),
 * and returns once every target has an outcome, so the offset is committed only after the work.
 */
@ApplicationScoped
public class DecisionConsumer {

    /** Header SmallRye adds to a record whose value could not be deserialized. */
    private static final String DESERIALIZATION_FAILURE_REASON = "deserialization-failure-reason";
    private static final Logger LOG = Logger.getLogger(DecisionConsumer.class);

    @Inject
    DecisionApplier applier;

    @Inject
    ActuationPublisher publisher;

    @Incoming("decisions")
    @Blocking(ordered = true)
    public void onDecision(ConsumerRecord<String, FailoverDecision> record) {
        FailoverDecision value = record.value();
        if (value == null) {
            // An undecodable record arrives with a null value (fail-on-deserialization-failure=false): skip it, never stop.
            LOG.warnf("skipping an undecodable decision at %s-%d offset %d: %s", record.topic(), record.partition(), record.offset(),
                    failureReason(record));
            return;
        }
        Decision decision = new Decision(value.getDecisionId(), value.getGroup(), value.getEpoch(), value.getActiveRegion());
        applier.apply(decision, publisher::publish);
    }

    private static String failureReason(ConsumerRecord<?, ?> record) {
        Header reason = record.headers().lastHeader(DESERIALIZATION_FAILURE_REASON);
        return reason == null ? "no value" : new String(reason.value(), StandardCharsets.UTF_8);
    }
}
