package io.tripswitch.decision.topology;

import io.tripswitch.decision.domain.Decision;
import io.tripswitch.decision.domain.GroupPolicy;
import io.tripswitch.decision.domain.GroupStatus;
import io.tripswitch.decision.domain.PolicyOutcome;
import io.tripswitch.decision.domain.RegionAssessment;
import io.tripswitch.decision.state.GroupRecord;
import io.tripswitch.events.GroupState;
import io.tripswitch.events.RegionHealth;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Keeps, per traffic group, where its traffic goes and the latest health of its regions, and runs the group's
 * policy on every region-health change: a decision goes out with the group's new state. A group's state is
 * published as soon as it is first initialised, so the desired state is on the compacted topic from the start.
 */
final class GroupPolicyProcessor implements Processor<String, RegionHealth, String, SpecificRecord> {

    private static final Logger LOG = Logger.getLogger(GroupPolicyProcessor.class);

    private final DecisionSettings settings;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, GroupRecord> store;
    private GroupPolicy policy;
    private Clock clock;

    GroupPolicyProcessor(DecisionSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.store = context.getStateStore(DecisionTopology.GROUP_STORE);
        this.clock = new StreamsClock(context::currentSystemTimeMs);
        this.policy = new GroupPolicy(clock);
    }

    @Override
    public void process(Record<String, RegionHealth> record) {
        String group = record.key();
        List<String> regions = settings.deployment().regionsOf(group);
        if (regions.isEmpty()) {
            LOG.warnf("region health for unknown group %s ignored", group);
            return;
        }
        GroupRecord stored = store.get(group);
        GroupStatus status;
        Map<String, RegionAssessment> health;
        if (stored == null) {
            status = GroupStatus.initial(group, regions, clock.instant());
            health = new TreeMap<>();
            publish(status);
        } else {
            status = StateMapping.status(stored);
            health = StateMapping.regions(stored);
        }
        RegionAssessment incoming = EventMapping.assessment(record.value());
        RegionAssessment known = health.get(incoming.region());
        if (known != null && incoming.evaluatedAt().isBefore(known.evaluatedAt())) {
            return; // older than what the group already knows: never let it undo newer evidence
        }
        health.put(incoming.region(), incoming);

        PolicyOutcome outcome = policy.evaluate(status, regions, health);
        outcome.decision().ifPresent(decision -> {
            LOG.infof("decision %s: group %s epoch %d %s -> %s: %s", decision.decisionId(), group, decision.epoch(),
                    decision.previousRegion(), decision.activeRegion(), decision.reason());
            publish(decision);
            publish(outcome.state());
        });
        store.put(group, StateMapping.record(outcome.state(), health));
    }

    private void publish(Decision decision) {
        context.forward(new Record<>(decision.group(), (SpecificRecord) EventMapping.decision(decision), decision.decidedAt().toEpochMilli(),
                CloudEvents.headers("FailoverDecision", decision.decisionId(), decision.decidedAt())));
    }

    private void publish(GroupStatus status) {
        GroupState state = EventMapping.groupState(status);
        String id = UUID.nameUUIDFromBytes((status.group() + "/" + status.epoch() + "/state").getBytes()).toString();
        context.forward(new Record<>(status.group(), (SpecificRecord) state, status.updatedAt().toEpochMilli(),
                CloudEvents.headers("GroupState", id, status.updatedAt())));
    }
}
