package io.tripswitch.probe.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tripswitch.probe.publish.ProbeResultPublisher;
import io.tripswitch.probe.publish.ReplicationLagPublisher;
import io.tripswitch.probe.schedule.CheckScheduler;
import io.tripswitch.probe.schedule.LagScheduler;
import java.util.List;

/**
 * The probe-wide meters: what happens to results and lag readings on their way to Kafka, how punctual the check loop
 * is, and how often lag measurements are skipped or time out.
 */
public final class ProbeMetrics {

    public static final String DROPPED = "tripswitch.probe.results.dropped";
    public static final String PENDING = "tripswitch.probe.results.pending";
    public static final String PENDING_MAX = "tripswitch.probe.results.pending.max";
    public static final String FAILED = "tripswitch.probe.results.failed";
    public static final String SENT = "tripswitch.probe.results.sent";
    public static final String TICKS_SKIPPED = "tripswitch.probe.ticks.skipped";
    public static final String TICKS_MISSED = "tripswitch.probe.ticks.missed";
    public static final String OVERDUE = "tripswitch.probe.targets.overdue";
    public static final String LATE_SHARE = "tripswitch.probe.ticks.late.share";
    public static final String LAG_SENT = "tripswitch.probe.lag.readings.sent";
    public static final String LAG_PENDING = "tripswitch.probe.lag.readings.pending";
    public static final String LAG_FAILED = "tripswitch.probe.lag.readings.failed";
    public static final String LAG_DROPPED = "tripswitch.probe.lag.readings.dropped";
    public static final String LAG_TICKS_SKIPPED = "tripswitch.probe.lag.ticks.skipped";
    public static final String LAG_TIMEOUTS = "tripswitch.probe.lag.timeouts";

    private ProbeMetrics() {
    }

    /**
     * Removes every {@code tripswitch.probe.*} meter, at shutdown: a meter registered again under the same id would
     * otherwise be the old one, still reading the stopped publisher (it happens when an app restarts in one JVM, as in tests).
     */
    public static void unbind(MeterRegistry registry) {
        List<Meter> ours = registry.getMeters().stream().filter(meter -> meter.getId().getName().startsWith("tripswitch.probe.")).toList();
        ours.forEach(registry::remove);
    }

    /** Registers gauges and counters that read the publisher's and scheduler's own counts when scraped. */
    public static void bind(MeterRegistry registry, ProbeResultPublisher publisher, CheckScheduler scheduler) {
        FunctionCounter.builder(DROPPED, publisher, ProbeResultPublisher::dropped)
                .description("Results dropped because tripswitch.probe.max-pending-results results already waited for Kafka")
                .register(registry);
        Gauge.builder(PENDING, publisher, ProbeResultPublisher::pending)
                .description("Results handed to the producer and not yet acknowledged by Kafka")
                .register(registry);
        Gauge.builder(PENDING_MAX, publisher, ProbeResultPublisher::maxPending)
                .description("The bound on pending results (tripswitch.probe.max-pending-results)")
                .register(registry);
        FunctionCounter.builder(FAILED, publisher, ProbeResultPublisher::failedDeliveries)
                .description("Results Kafka did not take after the producer's retries; each leaves a gap in seq")
                .register(registry);
        FunctionCounter.builder(SENT, publisher, ProbeResultPublisher::sent)
                .description("Results given a seq and handed to the producer")
                .register(registry);
        FunctionCounter.builder(TICKS_SKIPPED, scheduler, CheckScheduler::skippedTicks)
                .description("Ticks skipped because the previous check of the endpoint was still running")
                .register(registry);
        FunctionCounter.builder(TICKS_MISSED, scheduler, CheckScheduler::missedTicks)
                .description("Ticks dropped because their whole interval passed before they could start (a pause of the process)")
                .register(registry);
        Gauge.builder(OVERDUE, scheduler, s -> s.status().overdueCount())
                .description("Targets without a completed check for 2 intervals + timeout")
                .register(registry);
        Gauge.builder(LATE_SHARE, scheduler, s -> s.status().recent().lateShare())
                .description("Share of the last minute's ticks that started later than 10% of their interval")
                .register(registry);
    }

    /** Registers the lag loop's counters, read from the publisher and scheduler when scraped. */
    public static void bindLag(MeterRegistry registry, ReplicationLagPublisher publisher, LagScheduler scheduler) {
        FunctionCounter.builder(LAG_SENT, publisher, ReplicationLagPublisher::sent)
                .description("Lag readings given a seq and handed to the producer")
                .register(registry);
        Gauge.builder(LAG_PENDING, publisher, ReplicationLagPublisher::pending)
                .description("Lag readings handed to the producer and not yet acknowledged by Kafka")
                .register(registry);
        FunctionCounter.builder(LAG_FAILED, publisher, ReplicationLagPublisher::failedDeliveries)
                .description("Lag readings Kafka did not take after the producer's retries; each leaves a gap in seq")
                .register(registry);
        FunctionCounter.builder(LAG_DROPPED, scheduler, LagScheduler::droppedReadings)
                .description("Lag readings refused before Kafka, because too many already waited for it")
                .register(registry);
        FunctionCounter.builder(LAG_TICKS_SKIPPED, scheduler, LagScheduler::skippedTicks)
                .description("Lag ticks skipped because the store's previous measurement was still running")
                .register(registry);
        FunctionCounter.builder(LAG_TIMEOUTS, scheduler, LagScheduler::timeouts)
                .description("Lag measurements not answered within tripswitch.probe.lag-timeout")
                .register(registry);
    }
}
