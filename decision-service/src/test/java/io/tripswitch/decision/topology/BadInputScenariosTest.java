package io.tripswitch.decision.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.decision.domain.PolicyRules;
import io.tripswitch.events.CheckType;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.events.ReplicationLag;
import io.tripswitch.events.StoreKind;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** Late, future-skewed and invalid records: dropped or dead-lettered, and processing goes on. */
class BadInputScenariosTest extends ScenarioTestBase {

    private double droppedRecords() {
        double total = 0;
        for (java.util.Map.Entry<MetricName, ? extends Metric> metric : world.driver.metrics().entrySet()) {
            if (metric.getKey().name().equals("dropped-late-checks-total")) {
                total += ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }

    private ProbeResult result(String region, String endpoint, ProbeStatus status, int latencyMs, Instant observedAt, long seq) {
        return new ProbeResult("probe-x", "rbx", region, endpoint, CheckType.HTTP, status, latencyMs, null, observedAt, seq, 1000);
    }

    @Test
    void shouldDropAndCountChecksLaterThanTheGracePeriodWithoutEffect() throws Exception {
        // given both regions healthy for a while (event time at ~10 s)
        world = new Scenario(stateDir, Scenario.twoRegions(), PolicyRules.defaults());
        world.seconds(10).drain();
        double before = droppedRecords();
        // when three failed checks of gra arrive, observed 8 s ago (window 1 s + grace 2 s is long past)
        Instant old = world.now().minus(Duration.ofSeconds(8));
        for (int i = 0; i < 3; i++) {
            for (String endpoint : new String[] {"app1", "app2"}) {
                world.pipe("gra", result("gra", endpoint, ProbeStatus.DOWN, 5, old.plusMillis(i * 300L), 100 + i * 2 + (endpoint.equals("app1") ? 0 : 1)));
            }
        }
        // then they are dropped and counted (sensor dropped-late-checks), and change nothing
        assertThat(droppedRecords() - before).isEqualTo(6.0);
        assertThat(world.regionHealth()).isEmpty();
        assertThat(world.decisions()).isEmpty();
        assertThat(world.deadLetters()).isEmpty();
    }

    @Test
    void shouldDeadLetterARecordStampedBeyondTheSkewBoundWithoutItMovingEventTime() throws Exception {
        world = new Scenario(stateDir, Scenario.twoRegions(), PolicyRules.defaults());
        world.seconds(3).drain();
        // when a probe whose clock is an hour ahead reports gra DOWN
        world.pipe("gra", result("gra", "app1", ProbeStatus.DOWN, 5, world.now().plus(Duration.ofHours(1)), 1));
        // then it goes to the dead-letter topic with the reason
        assertThat(world.deadLetters()).singleElement().satisfies(record ->
                assertThat(Scenario.header(record.headers().toArray(), DeadLetterHeaders.MESSAGE)).contains("in the future (max clock skew 30000 ms)"));
        // and event time did not jump: on-time checks still count, and a real outage still leads to one decision
        double before = droppedRecords();
        world.everyoneSees("gra", ProbeStatus.DOWN).seconds(5);
        assertThat(droppedRecords()).isEqualTo(before);
        assertThat(world.decisions()).singleElement().extracting(FailoverDecision::getActiveRegion).isEqualTo("rbx");
    }

    @Test
    void shouldDeadLetterProbeResultsFailingValidationAndCarryOn() throws Exception {
        world = new Scenario(stateDir, Scenario.twoRegions(), PolicyRules.defaults());
        world.seconds(1).drain();
        // when records arrive with a negative latency, an empty endpoint, and an unknown region
        world.pipe("gra", result("gra", "app1", ProbeStatus.DOWN, -1, world.now(), 1));
        world.pipe("gra", result("gra", "", ProbeStatus.DOWN, 5, world.now(), 2));
        world.pipe("waw", result("waw", "app1", ProbeStatus.DOWN, 5, world.now(), 3));
        // then each goes to the dead-letter topic with its reason and original key
        assertThat(world.deadLetters()).extracting(record -> new String(record.key()) + ": "
                + Scenario.header(record.headers().toArray(), DeadLetterHeaders.MESSAGE))
                .containsExactly("gra: negative latencyMs -1", "gra: missing endpoint", "waw: unknown region 'waw'");
        // and processing goes on
        world.everyoneSees("gra", ProbeStatus.DOWN).seconds(5);
        assertThat(world.decisions()).hasSize(1);
    }

    @Test
    void shouldDeadLetterInvalidReplicationLagRecords() throws Exception {
        world = new Scenario(stateDir, Scenario.twoRegionsWithAReplicatedStore(), PolicyRules.defaults());
        world.seconds(1).drain();
        Instant now = world.now();
        world.lag("rbx", new ReplicationLag("lag-probe", "ext", "orders", StoreKind.POSTGRESQL, "gra", "rbx", 10L, null, true, null, now, 1L));
        world.lag("rbx", new ReplicationLag("lag-probe", "ext", "users", StoreKind.POSTGRESQL, "gra", "rbx", -5L, null, true, null, now, 2L));
        world.lag("waw", new ReplicationLag("lag-probe", "ext", "users", StoreKind.POSTGRESQL, "gra", "waw", 10L, null, true, null, now, 3L));
        world.lag("rbx", new ReplicationLag("lag-probe", "ext", "users", StoreKind.POSTGRESQL, "gra", "rbx", 10L, null, true, null,
                now.plus(Duration.ofMinutes(5)), 4L));
        assertThat(world.deadLetters()).extracting(record -> Scenario.header(record.headers().toArray(), DeadLetterHeaders.MESSAGE))
                .containsExactly("unknown store 'orders'", "negative lagMs -5", "unknown region 'waw'",
                        "observedAt 2026-01-01T00:05:01Z is 300000 ms in the future (max clock skew 30000 ms)");
        assertThat(world.decisions()).isEmpty();
        assertThat(world.alerts()).isEmpty();
    }
}
