package io.tripswitch.actuator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.actuator.domain.Fixtures.RecordingSink;
import io.tripswitch.actuator.domain.Fixtures.RetryingGuard;
import io.tripswitch.actuator.domain.Fixtures.ScriptedTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an actuator may change: DNS only while it owns the group; nothing on its own while Kafka is silent too long. */
class AuthorityTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final RecordingSink sink = new RecordingSink();
    private final ScriptedTarget dnsRecords = new ScriptedTarget("dns:rfc2136:example.test./app", List.of("gra", "rbx"));
    private final Target dns = new Shared(dnsRecords);
    private final ScriptedTarget haproxy = new ScriptedTarget("haproxy:rbx-lb/app", List.of("gra", "rbx"));
    private final MovableClock clock = new MovableClock();
    private final SilenceWatch silence = new SilenceWatch(clock, Duration.ofSeconds(15));
    private volatile boolean ownsApp;
    private DecisionApplier applier;
    private Reconciler reconciler;

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private void actuator() {
        Map<String, TrafficGroup> groups = Map.of("app", new TrafficGroup("app", List.of("gra", "rbx"), List.of(dns, haproxy)));
        TargetDriver driver = new TargetDriver(new EpochFence(), name -> new RetryingGuard(1), new AlertBook(clock), sink, false, clock,
                new Authority(group -> ownsApp, silence));
        applier = new DecisionApplier(groups, driver, executor);
        reconciler = new Reconciler(groups, driver, DriftPolicy.REPAIR, executor);
    }

    @Test
    void shouldLeaveTheDnsToItsOwnerAndStillSwitchItsOwnInstance() {
        actuator();

        applier.apply(Fixtures.decision(1, "rbx"));
        reconciler.resync();

        assertThat(dnsRecords.applied).isEmpty();
        assertThat(haproxy.applied).containsExactly("rbx");
        assertThat(sink.reports).extracting(AttemptReport::target).containsOnly("haproxy:rbx-lb/app");
    }

    @Test
    void shouldConvergeTheDnsAtTheFirstResyncOnceItOwnsTheGroup() {
        actuator();
        applier.apply(Fixtures.decision(1, "rbx"));

        ownsApp = true;
        reconciler.resync();

        assertThat(dnsRecords.applied).containsExactly("rbx");
    }

    @Test
    void shouldNotRepairDriftWhileKafkaIsSilentLongerThanMaxSilenceAndRepairItOnceHeardAgain() {
        ownsApp = true;
        actuator();
        applier.apply(Fixtures.decision(1, "rbx"));
        haproxy.current = "gra";
        dnsRecords.current = "gra";

        clock.advance(Duration.ofSeconds(16));
        List<AttemptReport> silent = reconciler.resync();

        assertThat(silent).isEmpty();
        assertThat(haproxy.current).isEqualTo("gra");
        assertThat(dnsRecords.current).isEqualTo("gra");
        assertThat(sink.alerts).filteredOn(alert -> AlertBook.KAFKA_SILENCE.equals(alert.labels().get("subject")))
                .singleElement().extracting(AlertNotice::status).isEqualTo(AlertNotice.Status.FIRING);
        assertThat(sink.alerts).filteredOn(alert -> alert.kind() == AlertNotice.Kind.DRIFT_DETECTED).hasSize(2);

        silence.heard();
        List<AttemptReport> heard = reconciler.resync();

        assertThat(heard).extracting(report -> report.outcome().result()).containsOnly(Outcome.Result.DRIFT_REPAIRED).hasSize(2);
        assertThat(haproxy.current).isEqualTo("rbx");
        assertThat(sink.alerts).filteredOn(alert -> AlertBook.KAFKA_SILENCE.equals(alert.labels().get("subject")))
                .extracting(AlertNotice::status).containsExactly(AlertNotice.Status.FIRING, AlertNotice.Status.RESOLVED);
    }

    @Test
    void shouldCallKafkaSilentOnlyPastMaxSilence() {
        clock.advance(Duration.ofSeconds(15));
        assertThat(silence.silent()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(silence.silent()).isTrue();
        assertThat(silence.heardWithin(Duration.ofSeconds(6))).isFalse();
        silence.heard();
        assertThat(silence.silent()).isFalse();
        assertThat(silence.heardWithin(Duration.ofSeconds(6))).isTrue();
    }

    /** A DNS target: driven by one actuator of the deployment at a time. */
    private record Shared(ScriptedTarget delegate) implements Target {
        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public String group() {
            return delegate.group();
        }

        @Override
        public Optional<String> refusal(String region) {
            return delegate.refusal(region);
        }

        @Override
        public Outcome apply(String region, long epoch) {
            return delegate.apply(region, epoch);
        }

        @Override
        public Inspection inspect(String region) {
            return delegate.inspect(region);
        }

        @Override
        public Outcome preview(String region, long epoch) {
            return delegate.preview(region, epoch);
        }

        @Override
        public boolean shared() {
            return true;
        }
    }

    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
