package io.tripswitch.decision.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.decision.domain.Deployment;
import io.tripswitch.decision.domain.HealthRules;
import io.tripswitch.events.CheckType;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event-time windows with grace in the region evaluator: a check whose window closed more than grace ago is dropped and counted. */
class LateCheckTest {

    private static final Topics TOPICS = Topics.DEFAULT;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, ProbeResult> probeResults;
    private TestOutputTopic<String, RegionHealth> regionHealth;
    private long seq;

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldDropAndCountAFailedCheckWhoseWindowClosedBeyondGrace() {
        // given rbx has seen gra's endpoint fail twice (fall is 3), and stream time has moved 10 s on
        start();
        check("rbx", "gra", ProbeStatus.DOWN, START);
        check("rbx", "gra", ProbeStatus.DOWN, START.plusSeconds(1));
        check("gra", "rbx", ProbeStatus.UP, START.plusSeconds(10));
        regionHealth.readValuesToList();

        // when a third failure observed at 2 s arrives (its window [2 s, 3 s) closed at 3 s, grace 2 s, now 10 s)
        check("rbx", "gra", ProbeStatus.DOWN, START.plusSeconds(2));

        // then it is dropped: gra is not DOWN, nothing is published, and the drop is counted
        assertThat(regionHealth.readValuesToList()).isEmpty();
        assertThat(droppedLateChecks()).isEqualTo(1.0);

        // and a failure within grace still counts: gra is DOWN (published last), and rbx, whose only counted observer is gra,
        // now rests on its own view, which it never sent: UNKNOWN
        check("rbx", "gra", ProbeStatus.DOWN, START.plusSeconds(9));
        assertThat(regionHealth.readValuesToList()).extracting(health -> health.getRegion() + " " + health.getState())
                .containsExactly("rbx UNKNOWN", "gra DOWN");
    }

    private void start() {
        Deployment deployment = new Deployment(Map.of("gra", List.of("app1"), "rbx", List.of("app1")), List.of("gra", "rbx"),
                Map.of("app", List.of("gra", "rbx")));
        HealthRules rules = new HealthRules(2, 3, Duration.ofMinutes(10), 1, java.util.OptionalInt.empty(), false);
        DecisionSettings settings = new DecisionSettings(TOPICS, deployment, rules, Duration.ofSeconds(1), Duration.ofSeconds(2),
                DecisionSettings.REEVALUATE_EVERY);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "late-check-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DecisionTopology.build(settings), props, START);
        probeResults = driver.createInputTopic(TOPICS.probeResults.name(), new StringSerializer(), TOPICS.probeResults.valueSerde().serializer());
        regionHealth = driver.createOutputTopic(TOPICS.regionHealth.name(), TOPICS.regionHealth.keySerde().deserializer(),
                TOPICS.regionHealth.valueSerde().deserializer());
    }

    private void check(String observer, String region, ProbeStatus status, Instant observedAt) {
        ProbeResult result = new ProbeResult("probe-" + observer, observer, region, "app1", CheckType.HTTP, status, 2,
                status == ProbeStatus.UP ? null : "HTTP 503", observedAt, ++seq, 1000);
        probeResults.pipeInput(new TestRecord<>(region, result, observedAt));
    }

    private double droppedLateChecks() {
        return driver.metrics().entrySet().stream().filter(metric -> metric.getKey().name().equals("dropped-late-checks-total"))
                .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue()).sum();
    }
}
