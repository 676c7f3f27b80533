package io.tripswitch.decision.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tripswitch.events.Alert;
import io.tripswitch.events.AlertStatus;
import io.tripswitch.events.AlertType;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.GroupState;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.events.RegionState;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once and availability against a real broker: the decision-service's topology run as plain Kafka Streams
 * instances (one in a JVM of its own so it can be killed like a crash), each with its own state directory.
 */
class StreamsFailoverTest {

    private static final Logger LOG = Logger.getLogger(StreamsFailoverTest.class);
    private static final Topics TOPICS = Topics.DEFAULT;
    /** Sub-topologies × partitions: the inputs (3), the region-views repartition (3) and the group-inputs repartition (3). */
    private static final int TASKS = 9;

    @TempDir
    Path tmp;

    private EmbeddedKafka kafka;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void quietLogging() {
        StreamsInstances.quietLogging();
    }

    @BeforeEach
    void startBroker() {
        kafka = EmbeddedKafka.start().withContractTopics(TOPICS, 3);
    }

    @AfterEach
    void stopAll() throws Exception {
        processes.forEach(Process::destroyForcibly);
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        kafka.close();
    }

    @Test
    void shouldDecideExactlyOnceWhenTheInstanceIsKilledJustAfterDecidingAndAFreshOneTakesOver() throws Exception {
        // given instance A (its own JVM) deciding on an outage of gra, killed as soon as its decision is committed
        Scenario scenario = new Scenario();
        Process a = scenario.startInOwnJvm("a");
        scenario.feed.failGra();
        await().atMost(Duration.ofSeconds(60)).until(() -> !scenario.decisions.values().isEmpty());
        a.destroyForcibly().waitFor();

        // when instance B starts with an empty state directory while the outage goes on
        long killedAt = System.nanoTime();
        KafkaStreams b = scenario.startInThisJvm("b", 0);
        scenario.awaitOwningEveryTask(b, killedAt);
        long rounds = scenario.feed.rounds();
        await().atMost(Duration.ofSeconds(60)).until(() -> scenario.feed.rounds() > rounds + 15); // B processes ≥ 4.5 s of outage

        // then over the whole run there is exactly one decision, and B restored the group's state from the changelog
        scenario.assertExactlyOneFailoverToRbx();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scenario.latestHealthOf("gra")).isEqualTo(RegionState.DOWN));
        // and B did not fire again what A had fired (the firing alerts came back with the stores)
        assertThat(scenario.firings(AlertType.REGION_DOWN)).containsExactly("gra");
        assertThat(scenario.firings(AlertType.FAILOVER)).containsExactly("app");
    }

    @Test
    void shouldDecideExactlyOnceWhenTheInstanceIsKilledWhileADecisionIsImminent() throws Exception {
        // given instance A (its own JVM) that has seen gra fail twice from rbx (fall is 3), killed there
        Scenario scenario = new Scenario();
        Process a = scenario.startInOwnJvm("a");
        await().atMost(Duration.ofSeconds(60)).until(() -> scenario.latestHealthOf("gra") == RegionState.UP);
        long rounds = scenario.feed.rounds();
        scenario.feed.failGra();
        await().atMost(Duration.ofSeconds(30)).until(() -> scenario.feed.rounds() >= rounds + 2);
        a.destroyForcibly().waitFor();

        // when instance B starts with an empty state directory while the outage goes on
        long killedAt = System.nanoTime();
        KafkaStreams b = scenario.startInThisJvm("b", 0);
        scenario.awaitOwningEveryTask(b, killedAt);
        await().atMost(Duration.ofSeconds(60)).until(() -> !scenario.decisions.values().isEmpty());
        long decidedRounds = scenario.feed.rounds();
        await().atMost(Duration.ofSeconds(60)).until(() -> scenario.feed.rounds() > decidedRounds + 15);

        // then exactly one decision was made, by A or by B
        scenario.assertExactlyOneFailoverToRbx();
    }

    @Test
    void shouldKeepDecidingWhenOneOfTwoRunningInstancesIsClosed() throws Exception {
        // given two instances sharing the work, each with a standby of the other's stores
        Scenario scenario = new Scenario();
        KafkaStreams a = scenario.startInThisJvm("a", 1);
        KafkaStreams b = scenario.startInThisJvm("b", 1);
        await().atMost(Duration.ofSeconds(120)).until(() -> activeTasks(a) + activeTasks(b) == TASKS && activeTasks(a) > 0 && activeTasks(b) > 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> scenario.latestHealthOf("gra") == RegionState.UP);

        // when A is closed and gra then fails
        long closedAt = System.nanoTime();
        a.close(Duration.ofSeconds(30));
        scenario.feed.failGra();

        // then B takes over every task and decides, once
        scenario.awaitOwningEveryTask(b, closedAt);
        await().atMost(Duration.ofSeconds(60)).until(() -> !scenario.decisions.values().isEmpty());
        LOG.infof("decision seen %d ms after A was closed", Duration.ofNanos(System.nanoTime() - closedAt).toMillis());
        long decidedRounds = scenario.feed.rounds();
        await().atMost(Duration.ofSeconds(60)).until(() -> scenario.feed.rounds() > decidedRounds + 10);
        scenario.assertExactlyOneFailoverToRbx();
    }

    private static int activeTasks(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().mapToInt(thread -> thread.activeTasks().size()).sum();
    }

    /** The broker's topics watched, a probe feed running, and instances started on demand. */
    private final class Scenario {
        final ProbeFeed feed = closing(new ProbeFeed(kafka.bootstrapServers()));
        final TopicRecorder<FailoverDecision> decisions = closing(new TopicRecorder<>(kafka.bootstrapServers(), TOPICS.decisions.name(),
                TOPICS.decisions.valueSerde().deserializer()));
        final TopicRecorder<GroupState> groupStates = closing(new TopicRecorder<>(kafka.bootstrapServers(), TOPICS.groupState.name(),
                TOPICS.groupState.valueSerde().deserializer()));
        final TopicRecorder<RegionHealth> health = closing(new TopicRecorder<>(kafka.bootstrapServers(), TOPICS.regionHealth.name(),
                TOPICS.regionHealth.valueSerde().deserializer()));

        final TopicRecorder<Alert> alerts = closing(new TopicRecorder<>(kafka.bootstrapServers(), TOPICS.alerts.name(),
                TOPICS.alerts.valueSerde().deserializer()));

        /** The subject (group, else region) of every FIRING alert of this type, repeats included. */
        List<String> firings(AlertType type) {
            return alerts.values().stream().filter(alert -> alert.getType() == type && alert.getStatus() == AlertStatus.FIRING)
                    .map(alert -> alert.getGroup() != null ? alert.getGroup() : alert.getRegion()).toList();
        }

        RegionState latestHealthOf(String region) {
            return health.values().stream().filter(h -> h.getRegion().equals(region)).reduce((first, second) -> second)
                    .map(RegionHealth::getState).orElse(null);
        }

        KafkaStreams startInThisJvm(String name, int standbyReplicas) {
            KafkaStreams streams = StreamsInstances.create(kafka.bootstrapServers(), tmp.resolve("state-" + name), standbyReplicas, "localhost:1");
            streams.start();
            toClose.add(() -> streams.close(Duration.ofSeconds(30)));
            return streams;
        }

        /** Starts an instance in a child JVM (same classpath) and waits until it is RUNNING. */
        Process startInOwnJvm(String name) throws Exception {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(java.toString(), "-Xmx256m",
                    "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                    "-cp", System.getProperty("java.class.path"), InstanceMain.class.getName(),
                    kafka.bootstrapServers(), tmp.resolve("state-" + name).toString())
                    .redirectErrorStream(true).start();
            processes.add(process);
            List<String> states = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    lines.lines().forEach(line -> {
                        if (line.startsWith("STATE ")) {
                            states.add(line.substring(6));
                        }
                    });
                } catch (java.io.IOException e) {
                    // the process was killed
                }
            }, "instance-" + name + "-output");
            reader.setDaemon(true);
            reader.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> states.contains("RUNNING") || !process.isAlive());
            assertThat(process.isAlive()).as("instance %s is running", name).isTrue();
            return process;
        }

        /** Waits until the instance owns every task, and logs how long that took (no timed assert: the machine is shared). */
        void awaitOwningEveryTask(KafkaStreams streams, long since) {
            await().atMost(Duration.ofSeconds(120)).until(() -> streams.state() == KafkaStreams.State.RUNNING && activeTasks(streams) == TASKS);
            LOG.infof("takeover: the remaining instance owns all %d tasks %d ms after the other one stopped", TASKS,
                    Duration.ofNanos(System.nanoTime() - since).toMillis());
        }

        void assertExactlyOneFailoverToRbx() {
            List<FailoverDecision> all = decisions.values();
            assertThat(all).singleElement().satisfies(decision -> {
                assertThat(decision.getGroup()).isEqualTo("app");
                assertThat(decision.getEpoch()).isEqualTo(1L);
                assertThat(decision.getPreviousRegion()).isEqualTo("gra");
                assertThat(decision.getActiveRegion()).isEqualTo("rbx");
            });
            Map<String, List<Long>> epochsByGroup = all.stream().collect(Collectors.groupingBy(FailoverDecision::getGroup,
                    Collectors.mapping(FailoverDecision::getEpoch, Collectors.toList())));
            epochsByGroup.values().forEach(epochs -> assertThat(epochs).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates());
            // The group's published state never goes back in epoch either.
            assertThat(groupStates.values().stream().filter(state -> state.getGroup().equals("app")).map(GroupState::getEpoch).toList())
                    .isSortedAccordingTo(Long::compare).endsWith(1L);
        }

        private <T extends AutoCloseable> T closing(T closeable) {
            toClose.add(closeable);
            return closeable;
        }
    }
}
