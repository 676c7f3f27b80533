package io.tripswitch.probe.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.probe.check.CheckTarget;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartOffsetsTest {

    @Test
    void shouldSpreadTheFirstChecksEvenlyOverTheInterval() {
        // given four endpoints at 1 s
        List<CheckTarget> targets = List.of(target("rbx", "app2", 1000), target("gra", "app1", 1000),
                target("rbx", "app1", 1000), target("gra", "app2", 1000));

        // when
        Map<CheckTarget, Duration> offsets = StartOffsets.spread(targets, 0);

        // then one starts every 250 ms, in region/endpoint order
        assertThat(offsets).containsExactly(
                Map.entry(target("gra", "app1", 1000), Duration.ofMillis(0)),
                Map.entry(target("gra", "app2", 1000), Duration.ofMillis(250)),
                Map.entry(target("rbx", "app1", 1000), Duration.ofMillis(500)),
                Map.entry(target("rbx", "app2", 1000), Duration.ofMillis(750)));
    }

    @Test
    void shouldSpreadEachIntervalOverItself() {
        // given two endpoints at 1 s and two at 200 ms
        List<CheckTarget> targets = List.of(target("gra", "app1", 1000), target("gra", "app2", 1000),
                target("rbx", "app1", 200), target("rbx", "app2", 200));

        // when
        Map<CheckTarget, Duration> offsets = StartOffsets.spread(targets, 0);

        // then
        assertThat(offsets).containsEntry(target("gra", "app2", 1000), Duration.ofMillis(500))
                .containsEntry(target("rbx", "app2", 200), Duration.ofMillis(100));
    }

    @Test
    void shouldShiftThePatternByTheSeedAndStayWithinTheInterval() {
        // given many endpoints
        List<CheckTarget> targets = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            targets.add(target("gra", "app" + i, 1000));
        }

        // when two probes spread them with different seeds
        Map<CheckTarget, Duration> first = StartOffsets.spread(targets, "probe-gra".hashCode());
        Map<CheckTarget, Duration> second = StartOffsets.spread(targets, "probe-rbx".hashCode());

        // then every offset is in [0, interval), each probe's offsets are distinct, and the probes differ
        assertThat(first.values()).allSatisfy(offset ->
                assertThat(offset).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(Duration.ofSeconds(1)));
        assertThat(first.values()).doesNotHaveDuplicates().hasSize(2000);
        assertThat(second.values()).doesNotHaveDuplicates().hasSize(2000);
        assertThat(first).isNotEqualTo(second);
        assertThat(StartOffsets.spread(targets, "probe-gra".hashCode())).isEqualTo(first);
    }

    private static CheckTarget target(String region, String endpoint, long intervalMs) {
        return CheckTarget.http(region, endpoint, URI.create("http://127.0.0.1:1/health"), Optional.empty(),
                Duration.ofMillis(intervalMs), Duration.ofMillis(100));
    }
}
