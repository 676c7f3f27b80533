package io.tripswitch.probe.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tripswitch.probe.check.CheckOutcome;
import io.tripswitch.probe.check.CheckTarget;
import io.tripswitch.probe.schedule.ResultSink;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts every check outcome per endpoint (up/down counters, a latency histogram with a few fixed buckets) and
 * hands it on. Meters are looked up in a map by region and endpoint, not registered again per result: at
 * thousands of results a second, building meter ids would cost more than the check's own bookkeeping.
 */
public final class MeteredResultSink implements ResultSink {

    /** Prometheus: {@code tripswitch_probe_check_duration_seconds_bucket|count|sum|max}. */
    public static final String DURATION = "tripswitch.probe.check.duration";
    /** Prometheus: {@code tripswitch_probe_checks_total{status="up"|"down"}}. */
    public static final String CHECKS = "tripswitch.probe.checks";
    /** Upper bounds of the latency buckets: few on purpose (one series each per endpoint), around usual timeouts. */
    static final List<Duration> LATENCY_BUCKETS = List.of(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1));

    private final MeterRegistry registry;
    private final ResultSink next;
    private final Map<String, Map<String, EndpointMeters>> meters = new ConcurrentHashMap<>();

    public MeteredResultSink(MeterRegistry registry, ResultSink next) {
        this.registry = registry;
        this.next = next;
    }

    /** Registers the meters of the configured targets up front, so every endpoint shows (at zero) before its first result. */
    public MeteredResultSink register(List<CheckTarget> targets) {
        targets.forEach(this::metersOf);
        return this;
    }

    @Override
    public void accept(CheckTarget target, CheckOutcome outcome) {
        EndpointMeters endpoint = metersOf(target);
        endpoint.duration.record(outcome.latencyMs(), TimeUnit.MILLISECONDS);
        (outcome.up() ? endpoint.up : endpoint.down).increment();
        next.accept(target, outcome);
    }

    private EndpointMeters metersOf(CheckTarget target) {
        // HAProxy targets report derived endpoints (one per server), so the map grows on first sight of each.
        return meters.computeIfAbsent(target.region(), region -> new ConcurrentHashMap<>())
                .computeIfAbsent(target.endpoint(), endpoint -> new EndpointMeters(registry, target));
    }

    /** The meters of one endpoint. */
    private static final class EndpointMeters {

        final Timer duration;
        final Counter up;
        final Counter down;

        EndpointMeters(MeterRegistry registry, CheckTarget target) {
            String check = target.kind().name().toLowerCase(Locale.ROOT);
            duration = Timer.builder(DURATION)
                    .description("Time one check took, timeouts included")
                    .tags("region", target.region(), "endpoint", target.endpoint(), "check", check)
                    .serviceLevelObjectives(LATENCY_BUCKETS.toArray(Duration[]::new))
                    .publishPercentileHistogram(false)
                    .register(registry);
            up = counter(registry, target, check, "up");
            down = counter(registry, target, check, "down");
        }

        private static Counter counter(MeterRegistry registry, CheckTarget target, String check, String status) {
            return Counter.builder(CHECKS)
                    .description("Checks completed, by outcome")
                    .tags("region", target.region(), "endpoint", target.endpoint(), "check", check, "status", status)
                    .register(registry);
        }
    }
}
