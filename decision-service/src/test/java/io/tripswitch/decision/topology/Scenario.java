package io.tripswitch.decision.topology;

import io.tripswitch.decision.domain.Deployment;
import io.tripswitch.decision.domain.HealthRules;
import io.tripswitch.decision.domain.PolicyRules;
import io.tripswitch.events.Alert;
import io.tripswitch.events.AlertStatus;
import io.tripswitch.events.AlertType;
import io.tripswitch.events.CheckType;
import io.tripswitch.events.CommandType;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.GroupState;
import io.tripswitch.events.OperatorCommand;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.events.ReplicationLag;
import io.tripswitch.events.StoreKind;
import io.tripswitch.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A small world driven through the topology with {@code TopologyTestDriver}: observers report every region each
 * second (as the world says they see it), wall clock and event time move together, and every output topic is
 * read back. Scenario tests say what happens to the world and assert on what came out.
 */
final class Scenario implements AutoCloseable {

    static final Topics TOPICS = Topics.DEFAULT;
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration INTERVAL = Duration.ofSeconds(1);

    final TopologyTestDriver driver;
    private final Deployment deployment;
    private final TestInputTopic<String, ProbeResult> probeResults;
    private final TestInputTopic<String, ReplicationLag> replicationLag;
    private final TestInputTopic<String, OperatorCommand> commands;
    private final TestOutputTopic<String, RegionHealth> regionHealth;
    private final TestOutputTopic<String, FailoverDecision> decisions;
    private final TestOutputTopic<String, GroupState> groupState;
    private final TestOutputTopic<String, Alert> alerts;
    private final TestOutputTopic<byte[], byte[]> deadLetter;
    private final Map<String, ProbeStatus> seen = new HashMap<>();
    private final Set<String> silent = new HashSet<>();
    private final Map<String, Long> seqByProbe = new HashMap<>();
    private final Map<String, List<String>> reportedAs = new HashMap<>();
    private final Map<String, ReplicationLag> lagEverySecond = new java.util.TreeMap<>();
    private Instant now = START;
    private int commandCount;

    Scenario(Path stateDir, Deployment deployment, PolicyRules policy) throws Exception {
        this(stateDir, deployment, HealthRules.defaults(), policy);
    }

    Scenario(Path stateDir, Deployment deployment, HealthRules rules, PolicyRules policy) throws Exception {
        this.deployment = deployment;
        DecisionSettings settings = new DecisionSettings(TOPICS, deployment, rules, INTERVAL, Duration.ofSeconds(2),
                DecisionSettings.REEVALUATE_EVERY, policy, Duration.ofSeconds(30));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tripswitch-decision-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir.resolve("state")).toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(DecisionTopology.build(settings), props, START);
        StringSerializer keys = new StringSerializer();
        probeResults = driver.createInputTopic(TOPICS.probeResults.name(), keys, TOPICS.probeResults.valueSerde().serializer());
        replicationLag = driver.createInputTopic(TOPICS.replicationLag.name(), keys, TOPICS.replicationLag.valueSerde().serializer());
        commands = driver.createInputTopic(TOPICS.commands.name(), keys, TOPICS.commands.valueSerde().serializer());
        regionHealth = driver.createOutputTopic(TOPICS.regionHealth.name(), TOPICS.regionHealth.keySerde().deserializer(),
                TOPICS.regionHealth.valueSerde().deserializer());
        decisions = driver.createOutputTopic(TOPICS.decisions.name(), TOPICS.decisions.keySerde().deserializer(),
                TOPICS.decisions.valueSerde().deserializer());
        groupState = driver.createOutputTopic(TOPICS.groupState.name(), TOPICS.groupState.keySerde().deserializer(),
                TOPICS.groupState.valueSerde().deserializer());
        alerts = driver.createOutputTopic(TOPICS.alerts.name(), TOPICS.alerts.keySerde().deserializer(), TOPICS.alerts.valueSerde().deserializer());
        deadLetter = driver.createOutputTopic(TOPICS.deadLetter.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    // --- the deployments scenarios run in

    /** gra and rbx, each watched by the other (and by itself, not counted); group app prefers gra. */
    static Deployment twoRegions() {
        return new Deployment(Map.of("gra", List.of("app1", "app2"), "rbx", List.of("app1", "app2")), List.of("gra", "rbx"),
                Map.of("app", List.of("gra", "rbx")));
    }

    /** gra, rbx and sbg, each watched by the two others and an external probe: three counted observers per region. */
    static Deployment threeRegionsAndAnExternalProbe() {
        return new Deployment(Map.of("gra", List.of("app1"), "rbx", List.of("app1"), "sbg", List.of("app1")),
                List.of("gra", "rbx", "sbg", "ext"), Map.of("app", List.of("gra", "rbx", "sbg")));
    }

    /**
     * The issue-11 deployment: gra, rbx and sbg, each also an observer (so each region has two counted observers, quorum 2),
     * two endpoints each; group app [gra, rbx, sbg]; store db (postgresql, primary gra, replicas rbx and sbg).
     */
    static Deployment threeRegionsWithAReplicatedStore() {
        return new Deployment(Map.of("gra", List.of("app1", "app2"), "rbx", List.of("app1", "app2"), "sbg", List.of("app1", "app2")),
                List.of("gra", "rbx", "sbg"), Map.of("app", List.of("gra", "rbx", "sbg")),
                Map.of("db", new io.tripswitch.decision.domain.StoreSpec("db", List.of("rbx", "sbg"), java.util.Optional.of("gra"))),
                Map.of("app", List.of("db")));
    }

    /** {@link #twoRegions()}, with a PostgreSQL store whose primary is in gra and replica in rbx gating the group. */
    static Deployment twoRegionsWithAReplicatedStore() {
        Deployment base = twoRegions();
        return new Deployment(base.endpointsByRegion(), base.observers(), base.groups(),
                Map.of("users", new io.tripswitch.decision.domain.StoreSpec("users", List.of("rbx"), java.util.Optional.of("gra"))),
                Map.of("app", List.of("users")));
    }

    // --- what happens in the world

    /** Every observer sees {@code region}'s endpoints in this state from now on. */
    Scenario everyoneSees(String region, ProbeStatus status) {
        deployment.observers().forEach(observer -> seen.put(observer + "|" + region, status));
        return this;
    }

    Scenario sees(String observer, String region, ProbeStatus status) {
        seen.put(observer + "|" + region, status);
        return this;
    }

    /** {@code observer} sees one endpoint of {@code region} in this state from now on (overrides the region's state). */
    Scenario seesEndpoint(String observer, String region, String endpoint, ProbeStatus status) {
        seen.put(observer + "|" + region + "|" + endpoint, status);
        return this;
    }

    Scenario silence(String observer) {
        silent.add(observer);
        return this;
    }

    /** {@code observer} reports again (after {@link #silence}). */
    Scenario speaks(String observer) {
        silent.remove(observer);
        return this;
    }

    /** {@code region}'s {@code endpoint} is checked by a check that reports one result per id (HAProxy: {@code lb/backend/server}). */
    Scenario reportedAs(String region, String endpoint, String... ids) {
        reportedAs.put(region + "|" + endpoint, List.of(ids));
        return this;
    }

    /** From now on, every second, the lag probe reports {@code store}'s replica in {@code region} like this. */
    Scenario lagEverySecond(String store, String region, Long lagMs, boolean healthy) {
        lagEverySecond.put(store + "|" + region, new ReplicationLag("lag-probe", "ext", store, StoreKind.POSTGRESQL, "gra", region, lagMs, null,
                healthy, healthy ? null : "replication broken", now, 0L));
        return this;
    }

    /** {@code count} seconds pass; each second every observer that is not silent reports every endpoint of every region. */
    Scenario seconds(int count) {
        for (int i = 0; i < count; i++) {
            for (String observer : deployment.observers()) {
                if (!silent.contains(observer)) {
                    deployment.endpointsByRegion().forEach((region, endpoints) -> endpoints.forEach(endpoint -> {
                        ProbeStatus status = seen.getOrDefault(observer + "|" + region + "|" + endpoint,
                                seen.getOrDefault(observer + "|" + region, ProbeStatus.UP));
                        reportedAs.getOrDefault(region + "|" + endpoint, List.of(endpoint)).forEach(id -> probe(observer, region, id, status, now));
                    }));
                }
            }
            lagEverySecond.values().forEach(lag -> lag(lag.getReplicaRegion(), ReplicationLag.newBuilder(lag).setObservedAt(now)
                    .setSeq(seqByProbe.merge("lag-probe", 1L, Long::sum)).build()));
            now = now.plus(INTERVAL);
            driver.advanceWallClockTime(INTERVAL);
        }
        return this;
    }

    /** Only the wall clock moves (no record arrives): punctuation alone must do the work. */
    Scenario wallClockOnly(Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
        return this;
    }

    void probe(String observer, String region, String endpoint, ProbeStatus status, Instant observedAt) {
        String probeId = "probe-" + observer;
        long seq = seqByProbe.merge(probeId, 1L, Long::sum);
        probeResults.pipeInput(new TestRecord<>(region, new ProbeResult(probeId, observer, region, endpoint, CheckType.HTTP, status, 3,
                status == ProbeStatus.UP ? null : "HTTP 503", observedAt, seq, (int) INTERVAL.toMillis()), now));
    }

    void pipe(String key, ProbeResult result) {
        probeResults.pipeInput(new TestRecord<>(key, result, now));
    }

    /** A lag measurement of {@code store}'s replica in {@code region}, made now. */
    Scenario lag(String store, String region, Long lagMs, boolean healthy) {
        return lag(region, new ReplicationLag("lag-probe", "ext", store, StoreKind.POSTGRESQL, "gra", region, lagMs, null, healthy,
                lagMs == null ? "not measured" : null, now, seqByProbe.merge("lag-probe", 1L, Long::sum)));
    }

    Scenario lag(String key, ReplicationLag lag) {
        replicationLag.pipeInput(new TestRecord<>(key, lag, now));
        return this;
    }

    Scenario command(String group, CommandType type, String target) {
        OperatorCommand command = new OperatorCommand("cmd-" + (++commandCount), group, type, target, "alice", "scenario", now);
        return command(group, command);
    }

    Scenario command(String key, OperatorCommand command) {
        commands.pipeInput(new TestRecord<>(key, command, now));
        return this;
    }

    Instant now() {
        return now;
    }

    // --- what came out

    List<FailoverDecision> decisions() {
        return decisions.readValuesToList();
    }

    List<GroupState> groupStates() {
        return groupState.readValuesToList();
    }

    List<RegionHealth> regionHealth() {
        return regionHealth.readValuesToList();
    }

    List<Alert> alerts() {
        return alerts.readValuesToList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetter.readRecordsToList();
    }

    /** Drains every output, so a test can then assert on what one step produced. */
    Scenario drain() {
        decisions();
        groupStates();
        regionHealth();
        alerts();
        deadLetters();
        return this;
    }

    static RegionHealth latest(List<RegionHealth> updates, String region) {
        return updates.stream().filter(h -> h.getRegion().equals(region)).reduce((a, b) -> b).orElseThrow();
    }

    /** Alerts as "TYPE/STATUS/subject" strings (subject = group, else region), in order. */
    static List<String> summary(List<Alert> alerts) {
        List<String> result = new ArrayList<>();
        alerts.forEach(alert -> result.add(alert.getType() + "/" + alert.getStatus() + "/"
                + (alert.getGroup() != null ? alert.getGroup() : alert.getRegion())));
        return result;
    }

    static List<Alert> ofType(List<Alert> alerts, AlertType type, AlertStatus status) {
        return alerts.stream().filter(alert -> alert.getType() == type && alert.getStatus() == status).toList();
    }

    static String header(Header[] headers, String key) {
        for (int i = headers.length - 1; i >= 0; i--) {
            if (headers[i].key().equals(key)) {
                return new String(headers[i].value(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        driver.close();
    }
}
