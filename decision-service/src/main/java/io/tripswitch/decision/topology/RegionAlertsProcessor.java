package io.tripswitch.decision.topology;

import io.tripswitch.decision.domain.ActiveAlert;
import io.tripswitch.decision.domain.AlertBook;
import io.tripswitch.decision.domain.RegionAlerts;
import io.tripswitch.decision.state.RegionAlertsRecord;
import io.tripswitch.events.RegionHealth;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Raises and resolves the alerts about a region on each change of its health ({@link RegionAlerts}); the alerts
 * FIRING are kept in the {@code region-alerts} store, so a restart or a replay never fires them again.
 */
final class RegionAlertsProcessor implements Processor<String, RegionHealth, String, SpecificRecord> {

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, RegionAlertsRecord> store;
    private Clock clock;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.store = context.getStateStore(DecisionTopology.REGION_ALERTS_STORE);
        this.clock = new StreamsClock(context::currentSystemTimeMs);
    }

    @Override
    public void process(Record<String, RegionHealth> record) {
        String region = record.key();
        RegionAlertsRecord stored = store.get(region);
        Map<String, ActiveAlert> active = stored == null ? new TreeMap<>() : StateMapping.alerts(stored.getAlerts());
        AlertBook.Result result = RegionAlerts.evaluate(EventMapping.assessment(record.value()), active, clock.instant());
        result.notices().forEach(notice -> context.forward(AlertPublishing.record(notice)));
        if (!result.active().equals(active)) {
            store.put(region, new RegionAlertsRecord(region, StateMapping.entries(result.active())));
        }
    }
}
