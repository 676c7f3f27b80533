package io.tripswitch.decision.topology;

import io.tripswitch.decision.domain.ActiveAlert;
import io.tripswitch.decision.domain.AlertBook;
import io.tripswitch.decision.domain.RegionAlerts;
import io.tripswitch.decision.state.RegionAlertsRecord;
import io.tripswitch.events.RegionHealth;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Raises and resolves the alerts about a region on each change of its health ({@link RegionAlerts}); the alerts
 * FIRING are kept in the {@code region-alerts} store, so a restart or a replay never fires them again.
 * No PROBES_SILENT is raised during the first {@code staleAfter} after this task, or the task that assessed the
 * region's views (header {@link RegionEvaluatorProcessor#VIEWS_SINCE_HEADER}), started: until the probes' backlog is
 * read, views restored from the stores look silent.
 */
final class RegionAlertsProcessor implements Processor<String, RegionHealth, String, SpecificRecord> {

    private final Duration staleAfter;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, RegionAlertsRecord> store;
    private Clock clock;
    private Instant started;

    RegionAlertsProcessor(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.store = context.getStateStore(DecisionTopology.REGION_ALERTS_STORE);
        this.clock = new StreamsClock(context::currentSystemTimeMs);
        this.started = null; // taken at the first record: the context's wall clock is not set during init
    }

    @Override
    public void process(Record<String, RegionHealth> record) {
        String region = record.key();
        RegionAlertsRecord stored = store.get(region);
        Map<String, ActiveAlert> active = stored == null ? new TreeMap<>() : StateMapping.alerts(stored.getAlerts());
        if (started == null) {
            started = clock.instant();
        }
        Instant viewsSince = started;
        Header header = record.headers().lastHeader(RegionEvaluatorProcessor.VIEWS_SINCE_HEADER);
        if (header != null) {
            Instant evaluatorStarted = Instant.ofEpochMilli(Long.parseLong(new String(header.value(), StandardCharsets.UTF_8)));
            viewsSince = evaluatorStarted.isAfter(started) ? evaluatorStarted : started;
        }
        AlertBook.Result result = RegionAlerts.evaluate(EventMapping.assessment(record.value()), active, viewsSince.plus(staleAfter), clock.instant());
        result.notices().forEach(notice -> context.forward(AlertPublishing.record(notice)));
        if (!result.active().equals(active)) {
            store.put(region, new RegionAlertsRecord(region, StateMapping.entries(result.active())));
        }
    }
}
