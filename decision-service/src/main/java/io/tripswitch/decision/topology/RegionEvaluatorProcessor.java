package io.tripswitch.decision.topology;

import io.tripswitch.decision.domain.Check;
import io.tripswitch.decision.domain.EndpointHealth;
import io.tripswitch.decision.domain.RegionAssessment;
import io.tripswitch.decision.domain.RegionEvaluator;
import io.tripswitch.decision.domain.RegionObservations;
import io.tripswitch.decision.state.EndpointEntry;
import io.tripswitch.decision.state.RegionRecord;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.RegionHealth;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Applies each probe result to the rise/fall state of its (region, observer, endpoint) and turns each observer's
 * endpoints into its view of the region; when a region's views change, sends them (as the region judged alone: the
 * first pass) on to {@link RegionStatesProcessor}, which judges every region together. A wall-clock punctuation
 * re-assesses every region of the task, so silence turns views STALE while nothing arrives.
 *
 * <p>Why it is shaped like this (see ../DESIGN.md, "Throughput"): each probe result costs one small store write
 * (its endpoint's state, keyed {@code region|observer|endpoint} inside the region's partition, so no repartition)
 * and a region is re-assessed only when a result can change its views — an endpoint flipped, or an observer
 * that was silent or stale is fresh again. The task's working copy of the state lives in memory, loaded from the
 * stores when the task is (re)initialised; the stores, with their changelogs, stay the source of truth.
 */
final class RegionEvaluatorProcessor implements Processor<String, ProbeResult, String, RegionHealth> {

    /** Header naming the probe result ({@code probeId:seq}) whose processing published a region-health record. */
    static final String TRIGGER_HEADER = "tripswitch_trigger";
    /** Header: since when (wall clock, epoch ms) the task that assessed these views has been running. */
    static final String VIEWS_SINCE_HEADER = "tripswitch_views_since";

    private static final Logger LOG = Logger.getLogger(RegionEvaluatorProcessor.class);
    private static final char SEPARATOR = '|';

    private final DecisionSettings settings;
    private ProcessorContext<String, RegionHealth> context;
    private KeyValueStore<String, EndpointEntry> endpointStore;
    private KeyValueStore<String, RegionRecord> regionStore;
    private RegionEvaluator evaluator;
    private Clock clock;
    private Sensor droppedLate;
    private long observedStreamTime;
    private byte[] viewsSince;
    private final Map<String, RegionState> regions = new HashMap<>();

    /** The task's working copy of one region: per observer, its newest check time and its endpoints' states. */
    private static final class RegionState {
        final String region;
        final Map<String, ObserverState> observers = new TreeMap<>();
        RegionAssessment published;

        RegionState(String region) {
            this.region = region;
        }

        RegionObservations observations() {
            Map<String, RegionObservations.ObserverRecord> records = new TreeMap<>();
            observers.forEach((id, observer) -> records.put(id,
                    new RegionObservations.ObserverRecord(observer.firstSeen, observer.lastSeen, observer.endpoints)));
            return new RegionObservations(region, records);
        }
    }

    /**
     * One observer's view material. {@code firstSeen} is not stored: after a restart it is the oldest of the endpoints'
     * last checks, so an endpoint the observer never reported is given the benefit of the doubt for {@code staleAfter} again.
     */
    private static final class ObserverState {
        Instant firstSeen;
        Instant lastSeen;
        final Map<String, EndpointHealth> endpoints = new HashMap<>();

        void seen(Instant observedAt) {
            if (lastSeen == null || observedAt.isAfter(lastSeen)) {
                lastSeen = observedAt;
            }
            if (firstSeen == null || observedAt.isBefore(firstSeen)) {
                firstSeen = observedAt;
            }
        }
    }

    RegionEvaluatorProcessor(DecisionSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, RegionHealth> context) {
        this.context = context;
        this.endpointStore = context.getStateStore(DecisionTopology.ENDPOINT_STORE);
        this.regionStore = context.getStateStore(DecisionTopology.REGION_STORE);
        this.clock = new StreamsClock(context::currentSystemTimeMs);
        this.evaluator = new RegionEvaluator(settings.deployment(), settings.rules(), clock);
        this.droppedLate = context.metrics().addRateTotalSensor("tripswitch", DecisionTopology.REGION_EVALUATOR + "-" + context.taskId(),
                "dropped-late-checks", Sensor.RecordingLevel.INFO);
        this.observedStreamTime = Math.max(context.currentStreamTimeMs(), -1L);
        this.viewsSince = null; // taken at the first assessment: the context's wall clock is not set during init
        load();
        context.schedule(settings.reevaluateEvery(), PunctuationType.WALL_CLOCK_TIME, now -> reassessAll());
    }

    /** Rebuilds the working copy from the stores: init runs again whenever the task is (re)created or revived. */
    private void load() {
        regions.clear();
        try (KeyValueIterator<String, EndpointEntry> all = endpointStore.all()) {
            while (all.hasNext()) {
                KeyValue<String, EndpointEntry> entry = all.next();
                String[] key = splitKey(entry.key);
                EndpointHealth health = StateMapping.health(entry.value);
                ObserverState observer = regions.computeIfAbsent(key[0], RegionState::new).observers.computeIfAbsent(key[1], id -> new ObserverState());
                observer.endpoints.put(key[2], health);
                health.lastApplied().ifPresent(check -> observer.seen(check.observedAt()));
            }
        }
        try (KeyValueIterator<String, RegionRecord> all = regionStore.all()) {
            all.forEachRemaining(entry -> regions.computeIfAbsent(entry.key, RegionState::new).published =
                    entry.value.getPublished() == null ? null : StateMapping.assessment(entry.value.getPublished()));
        }
    }

    @Override
    public void process(Record<String, ProbeResult> record) {
        observedStreamTime = Math.max(observedStreamTime, record.timestamp());
        if (windowClosed(record.timestamp())) {
            droppedLate.record();
            LOG.debugf("late probe result dropped: %s", record.value());
            return;
        }
        ProbeResult result = record.value();
        Check check = EventMapping.check(result);
        RegionState region = regions.computeIfAbsent(record.key(), RegionState::new);
        ObserverState observer = region.observers.computeIfAbsent(result.getObserver(), id -> new ObserverState());
        EndpointHealth before = observer.endpoints.getOrDefault(result.getEndpoint(), EndpointHealth.beforeFirstCheck());
        if (!before.isNew(check)) {
            return; // already applied, or older than one applied: rise/fall needs order
        }
        EndpointHealth after = before.apply(check, settings.rules());
        boolean wasSilent = observer.lastSeen == null || isStale(observer.lastSeen);
        observer.endpoints.put(result.getEndpoint(), after);
        observer.seen(check.observedAt());
        // Silent before and fresh now: its view leaves STALE. (Replayed old results leave it STALE: nothing to say.)
        boolean speaksAgain = wasSilent && !isStale(observer.lastSeen);
        endpointStore.put(key(record.key(), result.getObserver(), result.getEndpoint()), StateMapping.entry(after));
        // Only a flip or a silent observer speaking again can change what the region's assessment says.
        if (after.up() != before.up() || speaksAgain || region.published == null) {
            reassess(region, result.getProbeId() + ":" + result.getSeq());
        }
    }

    /** Tumbling windows of one probe interval: a check whose window closed more than {@code grace} ago is too late. */
    private boolean windowClosed(long timestamp) {
        long size = settings.window().toMillis();
        long windowEnd = Math.floorDiv(timestamp, size) * size + size;
        return windowEnd + settings.grace().toMillis() <= observedStreamTime;
    }

    private boolean isStale(Instant lastSeen) {
        return Duration.between(lastSeen, clock.instant()).compareTo(settings.rules().staleAfter()) > 0;
    }

    private void reassessAll() {
        regions.values().forEach(region -> reassess(region, null));
    }

    /** Sends the region's views on if they say something new, and remembers what was sent. */
    private void reassess(RegionState region, String trigger) {
        RegionAssessment assessment = evaluator.evaluate(region.region, evaluator.views(region.observations()), region.published);
        if (assessment.saysSameAs(region.published)) {
            return;
        }
        Instant at = assessment.evaluatedAt();
        String id = UUID.nameUUIDFromBytes((assessment.region() + "/" + at.toEpochMilli() + "/" + assessment.status()).getBytes()).toString();
        Headers headers = CloudEvents.headers("RegionHealth", id, at);
        if (trigger != null) {
            headers.add(TRIGGER_HEADER, trigger.getBytes(StandardCharsets.UTF_8));
        }
        if (viewsSince == null) {
            viewsSince = Long.toString(clock.millis()).getBytes(StandardCharsets.UTF_8);
        }
        headers.add(VIEWS_SINCE_HEADER, viewsSince);
        context.forward(new Record<>(assessment.region(), EventMapping.regionHealth(assessment), at.toEpochMilli(), headers));
        region.published = assessment;
        regionStore.put(region.region, new RegionRecord(region.region, StateMapping.entry(assessment), null));
    }

    @Override
    public void close() {
        context.metrics().removeSensor(droppedLate);
    }

    static String key(String region, String observer, String endpoint) {
        return region + SEPARATOR + observer + SEPARATOR + endpoint;
    }

    private static String[] splitKey(String key) {
        int first = key.indexOf(SEPARATOR);
        int second = key.indexOf(SEPARATOR, first + 1);
        return new String[] {key.substring(0, first), key.substring(first + 1, second), key.substring(second + 1)};
    }
}
