package io.tripswitch.decision.topology;

import io.tripswitch.decision.domain.RegionAssessment;
import io.tripswitch.decision.domain.RegionEvaluator;
import io.tripswitch.decision.domain.RegionView;
import io.tripswitch.decision.state.RegionRecord;
import io.tripswitch.events.RegionHealth;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Judges every region together ({@link RegionEvaluator#evaluate(Map, Map)}: an observer whose own region is DOWN is
 * excused everywhere), from the views each region's evaluator last sent. Every region's views reach this one task
 * (they are re-keyed to {@link DecisionTopology#ALL_REGIONS}), so each judgement reads one consistent set of views, and
 * a change of any region's views re-judges all of them: a region's state follows its observers' regions' states at once.
 * Publishes a region's health when what it says changes; keeps, per region, the views received and the state published
 * ({@code region-states} store, read by the read API).
 *
 * <p>No punctuation: views only change when an evaluator sends them, and it re-assesses staleness on its own clock.
 */
final class RegionStatesProcessor implements Processor<String, RegionHealth, String, RegionHealth> {

    private final DecisionSettings settings;
    private ProcessorContext<String, RegionHealth> context;
    private KeyValueStore<String, RegionRecord> store;
    private RegionEvaluator evaluator;
    private final Map<String, RegionAssessment> observed = new TreeMap<>();
    private final Map<String, RegionAssessment> published = new TreeMap<>();
    private final Map<String, byte[]> viewsSince = new TreeMap<>();

    RegionStatesProcessor(DecisionSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, RegionHealth> context) {
        this.context = context;
        this.store = context.getStateStore(DecisionTopology.REGION_STATES_STORE);
        this.evaluator = new RegionEvaluator(settings.deployment(), settings.rules(), new StreamsClock(context::currentSystemTimeMs));
        observed.clear();
        published.clear();
        try (var all = store.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.getObserved() != null) {
                    observed.put(entry.key, StateMapping.assessment(entry.value.getObserved()));
                }
                if (entry.value.getPublished() != null) {
                    published.put(entry.key, StateMapping.assessment(entry.value.getPublished()));
                }
            });
        }
    }

    @Override
    public void process(Record<String, RegionHealth> record) {
        RegionAssessment incoming = EventMapping.assessment(record.value());
        String region = incoming.region();
        RegionAssessment known = observed.get(region);
        if (known != null && incoming.evaluatedAt().isBefore(known.evaluatedAt())) {
            return; // never let older views undo newer ones
        }
        observed.put(region, incoming);
        Header since = record.headers().lastHeader(RegionEvaluatorProcessor.VIEWS_SINCE_HEADER);
        if (since != null) {
            viewsSince.put(region, since.value());
        }
        Map<String, List<RegionView>> views = new TreeMap<>();
        observed.forEach((id, assessment) -> views.put(id, assessment.views()));
        List<RegionAssessment> changed = evaluator.evaluate(views, published).values().stream()
                .filter(state -> !state.saysSameAs(published.get(state.region())))
                // A region's DOWN goes out after the other changes of the same judgement: a failover it triggers then
                // already knows the survivors' states (UP now that the dead region's observer is excused).
                .sorted(Comparator.comparing(state -> state.status() == RegionAssessment.Status.DOWN))
                .toList();
        changed.forEach(state -> publish(state, state.region().equals(region) ? record.headers() : null));
        if (changed.stream().noneMatch(state -> state.region().equals(region))) {
            store.put(region, new RegionRecord(region, published.containsKey(region) ? StateMapping.entry(published.get(region)) : null,
                    StateMapping.entry(incoming)));
        }
    }

    private void publish(RegionAssessment state, Headers trigger) {
        Instant at = state.evaluatedAt();
        String id = UUID.nameUUIDFromBytes((state.region() + "/" + at.toEpochMilli() + "/" + state.status()).getBytes(StandardCharsets.UTF_8)).toString();
        Headers headers = CloudEvents.headers("RegionHealth", id, at);
        if (trigger != null && trigger.lastHeader(RegionEvaluatorProcessor.TRIGGER_HEADER) != null) {
            headers.add(trigger.lastHeader(RegionEvaluatorProcessor.TRIGGER_HEADER));
        }
        byte[] since = viewsSince.get(state.region());
        if (since != null) {
            headers.add(RegionEvaluatorProcessor.VIEWS_SINCE_HEADER, since);
        }
        context.forward(new Record<>(state.region(), EventMapping.regionHealth(state), at.toEpochMilli(), headers));
        published.put(state.region(), state);
        store.put(state.region(), new RegionRecord(state.region(), StateMapping.entry(state), StateMapping.entry(observed.get(state.region()))));
    }
}
