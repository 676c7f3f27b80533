package io.tripswitch.decision.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.decision.domain.Deployment;
import io.tripswitch.decision.domain.HealthRules;
import io.tripswitch.events.CheckType;
import io.tripswitch.events.DecisionAction;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.GroupState;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.events.RegionState;
import io.tripswitch.events.ViewState;
import io.tripswitch.schemas.CloudEventHeaders;
import io.tripswitch.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision-service's topology, scenario by scenario, without a broker. */
class DecisionTopologyTest {

    private static final Topics TOPICS = Topics.DEFAULT;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, ProbeResult> probeResults;
    private TestInputTopic<String, byte[]> rawProbeResults;
    private TestOutputTopic<String, RegionHealth> regionHealth;
    private TestOutputTopic<String, FailoverDecision> decisions;
    private TestOutputTopic<String, GroupState> groupState;
    private TestOutputTopic<byte[], byte[]> deadLetter;
    private final Map<String, Long> seqByProbe = new HashMap<>();
    private Instant now = START;

    /** gra and rbx, each watched by the other (and by itself, not counted); one group preferring gra. */
    private static Deployment twoRegions() {
        return new Deployment(Map.of("gra", List.of("app1", "app2"), "rbx", List.of("app1", "app2")),
                List.of("gra", "rbx"), Map.of("app", List.of("gra", "rbx")));
    }

    /** gra, rbx and sbg; every region is watched by the two others and an external probe (three counted observers). */
    private static Deployment threeRegionsAndAnExternalProbe() {
        return new Deployment(Map.of("gra", List.of("app1"), "rbx", List.of("app1"), "sbg", List.of("app1")),
                List.of("gra", "rbx", "sbg", "ext"), Map.of("app", List.of("gra", "rbx", "sbg")));
    }

    private void start(Deployment deployment) throws Exception {
        DecisionSettings settings = new DecisionSettings(TOPICS, deployment, HealthRules.defaults(), INTERVAL, Duration.ofSeconds(2),
                DecisionSettings.REEVALUATE_EVERY);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tripswitch-decision-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir.resolve("state")).toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(DecisionTopology.build(settings), props, START);
        probeResults = driver.createInputTopic(TOPICS.probeResults.name(), new StringSerializer(), TOPICS.probeResults.valueSerde().serializer());
        rawProbeResults = driver.createInputTopic(TOPICS.probeResults.name(), new StringSerializer(), new ByteArraySerializer());
        regionHealth = driver.createOutputTopic(TOPICS.regionHealth.name(), TOPICS.regionHealth.keySerde().deserializer(),
                TOPICS.regionHealth.valueSerde().deserializer());
        decisions = driver.createOutputTopic(TOPICS.decisions.name(), TOPICS.decisions.keySerde().deserializer(),
                TOPICS.decisions.valueSerde().deserializer());
        groupState = driver.createOutputTopic(TOPICS.groupState.name(), TOPICS.groupState.keySerde().deserializer(),
                TOPICS.groupState.valueSerde().deserializer());
        deadLetter = driver.createOutputTopic(TOPICS.deadLetter.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** One probe result per endpoint of {@code region}, made now by {@code observer}. */
    private void observe(String observer, String region, List<String> endpoints, ProbeStatus status) {
        for (String endpoint : endpoints) {
            String probeId = "probe-" + observer;
            long seq = seqByProbe.merge(probeId, 1L, Long::sum);
            ProbeResult result = new ProbeResult(probeId, observer, region, endpoint, CheckType.HTTP, status, 3,
                    status == ProbeStatus.UP ? null : "HTTP 503", now, seq, (int) INTERVAL.toMillis());
            probeResults.pipeInput(new TestRecord<>(region, result, now));
        }
    }

    /** One probe interval passes: wall clock and event time move together, punctuations run. */
    private void tick() {
        now = now.plus(INTERVAL);
        driver.advanceWallClockTime(INTERVAL);
    }

    /** Each round: the observers report, then a second passes. */
    private void rounds(int count, Runnable reports) {
        for (int i = 0; i < count; i++) {
            reports.run();
            tick();
        }
    }

    private static final List<String> TWO = List.of("app1", "app2");
    private static final List<String> ONE = List.of("app1");

    /** Each probe checks every region, its own too: once gra is DOWN, rbx's own view is what vouches for rbx. */
    private void healthyTwoRegions() {
        observe("rbx", "gra", TWO, ProbeStatus.UP);
        observe("rbx", "rbx", TWO, ProbeStatus.UP);
        observe("gra", "rbx", TWO, ProbeStatus.UP);
    }

    private void graFailingTwoRegions() {
        observe("rbx", "gra", TWO, ProbeStatus.DOWN);
        observe("rbx", "rbx", TWO, ProbeStatus.UP);
        observe("gra", "rbx", TWO, ProbeStatus.UP);
    }

    private RegionHealth latestHealthOf(List<RegionHealth> updates, String region) {
        return updates.stream().filter(h -> h.getRegion().equals(region)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void shouldFailOverToRbxExactlyOnceWhenRbxSeesGraDownForFallChecks() throws Exception {
        // given both regions healthy, as seen from each other
        start(twoRegions());
        rounds(3, this::healthyTwoRegions);
        List<RegionHealth> before = regionHealth.readValuesToList();
        assertThat(latestHealthOf(before, "gra").getState()).isEqualTo(RegionState.UP);
        assertThat(latestHealthOf(before, "rbx").getState()).isEqualTo(RegionState.UP);
        assertThat(groupState.readValuesToList()).singleElement().satisfies(initial -> {
            assertThat(initial.getActiveRegion()).isEqualTo("gra");
            assertThat(initial.getEpoch()).isZero();
        });

        // when gra's endpoints fail three checks in a row (fall 3) as seen from rbx
        rounds(3, this::graFailingTwoRegions);
        rounds(2, this::graFailingTwoRegions);

        // then gra is DOWN, exactly one decision moves the group to rbx at epoch 1, and the group state follows
        RegionHealth gra = latestHealthOf(regionHealth.readValuesToList(), "gra");
        assertThat(gra.getState()).isEqualTo(RegionState.DOWN);
        assertThat(gra.getObserversDown()).isEqualTo(1);
        assertThat(gra.getEndpointsUp()).isZero();
        List<TestRecord<String, FailoverDecision>> decided = decisions.readRecordsToList();
        assertThat(decided).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("app");
            FailoverDecision decision = record.value();
            assertThat(decision.getAction()).isEqualTo(DecisionAction.FAILOVER);
            assertThat(decision.getEpoch()).isEqualTo(1L);
            assertThat(decision.getActiveRegion()).isEqualTo("rbx");
            assertThat(decision.getPreviousRegion()).isEqualTo("gra");
            assertThat(decision.getStandbyRegions()).containsExactly("gra");
            assertThat(decision.getEvidence()).extracting(RegionHealth::getRegion).containsExactly("gra", "rbx");
            assertThat(header(record.headers().toArray(), CloudEventHeaders.TYPE)).isEqualTo("io.tripswitch.FailoverDecision");
            assertThat(header(record.headers().toArray(), CloudEventHeaders.ID)).isEqualTo(decision.getDecisionId());
        });
        assertThat(groupState.readValuesToList()).singleElement().satisfies(state -> {
            assertThat(state.getActiveRegion()).isEqualTo("rbx");
            assertThat(state.getEpoch()).isEqualTo(1L);
            assertThat(state.getLastDecisionId()).isEqualTo(decided.get(0).value().getDecisionId());
        });
        assertThat(deadLetter.isEmpty()).isTrue();
    }

    @Test
    void shouldNotFailOverBeforeFallFailedChecks() throws Exception {
        start(twoRegions());
        rounds(3, this::healthyTwoRegions);
        rounds(2, this::graFailingTwoRegions);
        assertThat(latestHealthOf(regionHealth.readValuesToList(), "gra").getState()).isEqualTo(RegionState.UP);
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void shouldOnlySuspectARegionThatOneObserverOfThreeSeesDown() throws Exception {
        // given gra, rbx, sbg watched by each other and an external probe
        start(threeRegionsAndAnExternalProbe());
        Runnable oneSidedPartition = () -> {
            observe("rbx", "gra", ONE, ProbeStatus.DOWN);
            observe("sbg", "gra", ONE, ProbeStatus.UP);
            observe("ext", "gra", ONE, ProbeStatus.UP);
            for (String region : List.of("rbx", "sbg")) {
                for (String observer : List.of("gra", "rbx", "sbg", "ext")) {
                    if (!observer.equals(region)) {
                        observe(observer, region, ONE, ProbeStatus.UP);
                    }
                }
            }
        };
        // when only rbx sees gra failing, for longer than fall
        rounds(6, oneSidedPartition);
        // then gra is SUSPECT and nothing moves
        RegionHealth gra = latestHealthOf(regionHealth.readValuesToList(), "gra");
        assertThat(gra.getState()).isEqualTo(RegionState.SUSPECT);
        assertThat(gra.getObserversConfigured()).isEqualTo(3);
        assertThat(gra.getObserversDown()).isEqualTo(1);
        assertThat(gra.getObserversReporting()).isEqualTo(3);
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void shouldTurnSilentObserversStaleAndRegionsUnknownWithoutDeciding() throws Exception {
        // given both regions seen healthy, then rbx's probe sees gra failing twice (one short of fall)
        start(twoRegions());
        rounds(3, this::healthyTwoRegions);
        rounds(2, this::graFailingTwoRegions);
        regionHealth.readValuesToList();
        // when every probe falls silent and only the wall clock moves on
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        // then the views go STALE and both regions UNKNOWN, and no decision is taken
        List<RegionHealth> updates = regionHealth.readValuesToList();
        for (String region : List.of("gra", "rbx")) {
            RegionHealth health = latestHealthOf(updates, region);
            assertThat(health.getState()).as(region).isEqualTo(RegionState.UNKNOWN);
            assertThat(health.getObserversReporting()).isZero();
            assertThat(health.getViews()).extracting(view -> view.getState()).containsOnly(ViewState.STALE);
        }
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void shouldNotDecideWhenTheActiveRegionGoesDownWhileTheOtherIsDownToo() throws Exception {
        // given rbx, the standby, is down as seen from gra
        start(twoRegions());
        rounds(3, this::healthyTwoRegions);
        rounds(4, () -> {
            observe("rbx", "gra", TWO, ProbeStatus.UP);
            observe("gra", "rbx", TWO, ProbeStatus.DOWN);
        });
        // when gra, the active region, goes down too
        rounds(5, () -> {
            observe("rbx", "gra", TWO, ProbeStatus.DOWN);
            observe("gra", "rbx", TWO, ProbeStatus.DOWN);
        });
        // then both are DOWN and traffic stays where it is (fail static: never route to nowhere)
        List<RegionHealth> updates = regionHealth.readValuesToList();
        assertThat(latestHealthOf(updates, "gra").getState()).isEqualTo(RegionState.DOWN);
        assertThat(latestHealthOf(updates, "rbx").getState()).isEqualTo(RegionState.DOWN);
        assertThat(decisions.isEmpty()).isTrue();
        assertThat(groupState.readValuesToList()).singleElement().extracting(GroupState::getActiveRegion).isEqualTo("gra");
    }

    @Test
    void shouldNotFailBackWhenGraRecoversAfterAFailover() throws Exception {
        // given a failover from gra to rbx
        start(twoRegions());
        rounds(3, this::healthyTwoRegions);
        rounds(4, this::graFailingTwoRegions);
        assertThat(decisions.readValuesToList()).singleElement().extracting(FailoverDecision::getActiveRegion).isEqualTo("rbx");
        groupState.readValuesToList();
        // when gra recovers for longer than rise
        rounds(5, this::healthyTwoRegions);
        // then gra is UP again but no failback decision is taken (manual by default)
        assertThat(latestHealthOf(regionHealth.readValuesToList(), "gra").getState()).isEqualTo(RegionState.UP);
        assertThat(decisions.isEmpty()).isTrue();
        assertThat(groupState.isEmpty()).isTrue();
    }

    @Test
    void shouldSendAnUndecodableRecordToTheDeadLetterTopicAndCarryOn() throws Exception {
        start(twoRegions());
        // when garbage arrives on the probe-results topic
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        rawProbeResults.pipeInput(new TestRecord<>("gra", garbage, now));
        // then it goes to the dead-letter topic as it came, with the reason and origin in headers
        assertThat(deadLetter.readRecordsToList()).singleElement().satisfies(record -> {
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("gra");
            assertThat(record.value()).isEqualTo(garbage);
            assertThat(header(record.headers().toArray(), DeadLetterHeaders.MESSAGE)).contains("cannot decode");
            assertThat(header(record.headers().toArray(), DeadLetterHeaders.TOPIC)).isEqualTo(TOPICS.probeResults.name());
            assertThat(header(record.headers().toArray(), DeadLetterHeaders.OFFSET)).isEqualTo("0");
        });
        // and processing continues: a later outage still leads to a decision
        rounds(3, this::healthyTwoRegions);
        rounds(4, this::graFailingTwoRegions);
        assertThat(decisions.readValuesToList()).singleElement().extracting(FailoverDecision::getEpoch).isEqualTo(1L);
    }

    @Test
    void shouldSendAProbeResultForAnUnknownRegionToTheDeadLetterTopic() throws Exception {
        start(twoRegions());
        observe("rbx", "waw", ONE, ProbeStatus.DOWN);
        assertThat(deadLetter.readRecordsToList()).singleElement()
                .satisfies(record -> assertThat(header(record.headers().toArray(), DeadLetterHeaders.MESSAGE)).contains("unknown region 'waw'"));
        assertThat(regionHealth.isEmpty()).isTrue();
    }

    private static String header(Header[] headers, String key) {
        for (int i = headers.length - 1; i >= 0; i--) {
            if (headers[i].key().equals(key)) {
                return new String(headers[i].value(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
