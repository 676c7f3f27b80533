package io.tripswitch.decision.topology;

import io.tripswitch.decision.domain.Check;
import io.tripswitch.decision.domain.HealthRules;
import io.tripswitch.decision.domain.RegionAssessment;
import io.tripswitch.decision.domain.RegionEvaluator;
import io.tripswitch.decision.domain.RegionObservations;
import io.tripswitch.decision.state.RegionRecord;
import io.tripswitch.decision.state.WindowChecks;
import io.tripswitch.events.RegionHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies to each region's rise/fall state the checks of a window update that it has not applied yet, assesses
 * the region by quorum and publishes its health when the state or the counts change. A wall-clock punctuation
 * re-assesses every region of the task, so silence turns views STALE and regions UNKNOWN while nothing arrives.
 */
final class RegionEvaluatorProcessor implements Processor<Windowed<String>, WindowChecks, String, RegionHealth> {

    private final DecisionSettings settings;
    private ProcessorContext<String, RegionHealth> context;
    private KeyValueStore<String, RegionRecord> store;
    private RegionEvaluator evaluator;

    RegionEvaluatorProcessor(DecisionSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, RegionHealth> context) {
        this.context = context;
        this.store = context.getStateStore(DecisionTopology.REGION_STORE);
        this.evaluator = new RegionEvaluator(settings.deployment(), settings.rules(), new StreamsClock(context::currentSystemTimeMs));
        context.schedule(settings.reevaluateEvery(), PunctuationType.WALL_CLOCK_TIME, now -> reassessAll());
    }

    @Override
    public void process(Record<Windowed<String>, WindowChecks> record) {
        String region = record.key().key();
        RegionRecord stored = store.get(region);
        RegionObservations observations = stored == null ? RegionObservations.empty(region) : StateMapping.observations(stored);
        apply(record.value(), observations, settings.rules());
        reassess(observations, published(stored), true);
    }

    /** Applies the window's checks in event order; those applied before (the window is re-emitted on every update) are skipped. */
    private static void apply(WindowChecks window, RegionObservations observations, HealthRules rules) {
        window.getObservers().forEach((observer, checks) -> checks.getEndpoints().forEach((endpoint, entries) -> entries.stream()
                .map(StateMapping::check)
                .sorted()
                .forEach((Check check) -> observations.apply(observer, endpoint, check, rules))));
    }

    private void reassessAll() {
        List<KeyValue<String, RegionRecord>> regions = new ArrayList<>();
        try (KeyValueIterator<String, RegionRecord> all = store.all()) {
            all.forEachRemaining(regions::add);
        }
        regions.forEach(entry -> reassess(StateMapping.observations(entry.value), published(entry.value), false));
    }

    /** Publishes the region's health if it says something new; stores the observations if they or the publication changed. */
    private void reassess(RegionObservations observations, RegionAssessment published, boolean observationsChanged) {
        RegionAssessment assessment = evaluator.evaluate(observations, Optional.ofNullable(published));
        boolean news = !assessment.saysSameAs(published);
        if (news) {
            Instant at = assessment.evaluatedAt();
            String id = UUID.nameUUIDFromBytes((assessment.region() + "/" + at.toEpochMilli() + "/" + assessment.status()).getBytes()).toString();
            context.forward(new Record<>(assessment.region(), EventMapping.regionHealth(assessment), at.toEpochMilli(),
                    CloudEvents.headers("RegionHealth", id, at)));
        }
        if (news || observationsChanged) {
            store.put(observations.region(), StateMapping.record(observations, news ? assessment : published));
        }
    }

    private static RegionAssessment published(RegionRecord stored) {
        return stored == null || stored.getPublished() == null ? null : StateMapping.assessment(stored.getPublished());
    }
}
