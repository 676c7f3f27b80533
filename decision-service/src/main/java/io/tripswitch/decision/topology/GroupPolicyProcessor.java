package io.tripswitch.decision.topology;

import io.tripswitch.decision.domain.AlertBook;
import io.tripswitch.decision.domain.Decision;
import io.tripswitch.decision.domain.GroupFacts;
import io.tripswitch.decision.domain.GroupPolicy;
import io.tripswitch.decision.domain.GroupStatus;
import io.tripswitch.decision.domain.PolicyOutcome;
import io.tripswitch.decision.domain.RegionAssessment;
import io.tripswitch.decision.domain.ReplicaLag;
import io.tripswitch.decision.state.GroupRecord;
import io.tripswitch.events.GroupState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Keeps, per traffic group, the policy state, the latest health of its regions and lag of its replicas and the
 * alerts FIRING ({@code group-policy-state} store), and runs the {@link GroupPolicy} on every input (region
 * health, replication lag, operator command) and on a wall-clock punctuation, so hold-down expiry, failback
 * timers, stale lag and blocked failovers are re-evaluated while nothing arrives. Out go decisions, the group's
 * state (when what it publishes changes; also when first initialised) and alerts.
 */
final class GroupPolicyProcessor implements Processor<String, GroupInput, String, SpecificRecord> {

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
        this.policy = new GroupPolicy(settings.policy(), clock);
        context.schedule(settings.reevaluateEvery(), PunctuationType.WALL_CLOCK_TIME, now -> reevaluateAll());
    }

    @Override
    public void process(Record<String, GroupInput> record) {
        String group = record.key();
        GroupInput input = record.value();
        if (!settings.deployment().knowsGroup(group)) {
            if (input.command() != null) {
                publish(AlertBook.event(policy.rejectionOfUnknownGroup(group, EventMapping.request(input.command())), clock.instant()));
            } else {
                LOG.warnf("input for unknown group %s ignored", group);
            }
            return;
        }
        GroupRecord stored = store.get(group);
        GroupMemory memory;
        if (stored == null) {
            memory = new GroupMemory(GroupStatus.initial(group, settings.deployment().regionsOf(group), clock.instant()), Map.of(), Map.of(), Map.of());
            publish(memory.status());
        } else {
            memory = StateMapping.memory(stored);
        }
        Map<String, RegionAssessment> health = memory.health();
        Map<String, ReplicaLag> lags = memory.lags();
        if (input.health() != null) {
            RegionAssessment incoming = EventMapping.assessment(input.health());
            RegionAssessment known = health.get(incoming.region());
            if (known == null || !incoming.evaluatedAt().isBefore(known.evaluatedAt())) {
                health.put(incoming.region(), incoming); // never let older evidence undo newer
            }
        } else if (input.lag() != null) {
            ReplicaLag incoming = EventMapping.lag(input.lag());
            ReplicaLag known = lags.get(incoming.key());
            if (known == null || !incoming.observedAt().isBefore(known.observedAt())) {
                // carry the last healthy figure and the start of a break forward: a lost source is judged by them
                lags.put(incoming.key(), known == null ? incoming : incoming.following(known));
            }
        }
        GroupFacts facts = facts(group, health, lags);
        PolicyOutcome outcome = input.command() != null
                ? policy.command(memory.status(), EventMapping.request(input.command()), facts)
                : policy.evaluate(memory.status(), facts);
        apply(new GroupMemory(memory.status(), health, lags, memory.alerts()), outcome, true);
    }

    /** Wall-clock punctuation: re-evaluates every group of this task. */
    private void reevaluateAll() {
        List<KeyValue<String, GroupRecord>> groups = new ArrayList<>();
        try (KeyValueIterator<String, GroupRecord> all = store.all()) {
            all.forEachRemaining(groups::add);
        }
        for (KeyValue<String, GroupRecord> entry : groups) {
            if (settings.deployment().knowsGroup(entry.key)) {
                GroupMemory memory = StateMapping.memory(entry.value);
                apply(memory, policy.evaluate(memory.status(), facts(entry.key, memory.health(), memory.lags())), false);
            }
        }
    }

    private GroupFacts facts(String group, Map<String, RegionAssessment> health, Map<String, ReplicaLag> lags) {
        return new GroupFacts(settings.deployment().regionsOf(group), settings.deployment().storesOf(group), health, lags);
    }

    /** Publishes what the outcome says, and stores the group when something changed (or the input did). */
    private void apply(GroupMemory memory, PolicyOutcome outcome, boolean inputChanged) {
        for (Decision decision : outcome.decisions()) {
            LOG.infof("decision %s: group %s epoch %d %s %s -> %s: %s", decision.decisionId(), decision.group(), decision.epoch(),
                    decision.action(), decision.previousRegion(), decision.activeRegion(), decision.reason());
            publish(decision);
        }
        if (outcome.state().publishesDifferentlyFrom(memory.status())) {
            publish(outcome.state());
        }
        outcome.events().forEach(event -> publish(AlertBook.event(event, clock.instant())));
        AlertBook.Result alerts = AlertBook.reconcile(memory.alerts(), outcome.holding(), clock.instant());
        alerts.notices().forEach(this::publish);
        GroupMemory next = new GroupMemory(outcome.state(), memory.health(), memory.lags(), alerts.active());
        if (inputChanged || !next.equals(memory)) {
            store.put(next.status().group(), StateMapping.record(next));
        }
    }

    private void publish(Decision decision) {
        context.forward(new Record<>(decision.group(), (SpecificRecord) EventMapping.decision(decision), decision.decidedAt().toEpochMilli(),
                CloudEvents.headers("FailoverDecision", decision.decisionId(), decision.decidedAt())));
    }

    private void publish(GroupStatus status) {
        GroupState state = EventMapping.groupState(status);
        String id = UUID.nameUUIDFromBytes((status.group() + "/" + status.epoch() + "/" + status.updatedAt().toEpochMilli() + "/state")
                .getBytes(StandardCharsets.UTF_8)).toString();
        context.forward(new Record<>(status.group(), (SpecificRecord) state, status.updatedAt().toEpochMilli(),
                CloudEvents.headers("GroupState", id, status.updatedAt())));
    }

    private void publish(io.tripswitch.decision.domain.AlertNotice notice) {
        context.forward(AlertPublishing.record(notice));
    }
}
