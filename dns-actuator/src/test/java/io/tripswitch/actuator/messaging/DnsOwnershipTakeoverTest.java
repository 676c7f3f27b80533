package io.tripswitch.actuator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tripswitch.actuator.domain.SilenceWatch;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DNS ownership on a real broker: two actuators' {@link KafkaPresence} in one ownership consumer group over
 * {@code tripswitch.group-state}. Each group's DNS has exactly one owner; when the owner dies, the other takes over
 * within the session timeout (6 s, the lowest a stock broker accepts) plus a rebalance, measured and printed.
 */
class DnsOwnershipTakeoverTest {

    private static final Duration SESSION = Duration.ofSeconds(6);
    /** Their keys fall in all three partitions of group-state (murmur2: 0, 1, 2, 0), so two members both own some. */
    private static final List<String> GROUPS = List.of("app", "mail", "blog", "shop");
    private static EmbeddedKafka kafka;

    private final List<KafkaPresence> started = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start().withContractTopics(Topics.DEFAULT, 3);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @AfterEach
    void closePresences() {
        started.forEach(KafkaPresence::close);
    }

    private KafkaPresence actuator(String consumerGroup, Set<String> gained) {
        KafkaPresence presence = new KafkaPresence(kafka.bootstrapServers(), Topics.DEFAULT.groupState.name(),
                Optional.of(new KafkaPresence.Membership(consumerGroup, SESSION, Duration.ofSeconds(1))),
                new SilenceWatch(Clock.systemUTC(), Duration.ofSeconds(15)), GROUPS);
        started.add(presence);
        return presence.start(gained::addAll);
    }

    /** Settled: both members own some groups (three partitions over two members), and each group exactly one owner. */
    private static void awaitOneOwnerPerGroup(KafkaPresence first, KafkaPresence second) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(first.owned()).isNotEmpty();
            assertThat(second.owned()).isNotEmpty();
            for (String group : GROUPS) {
                assertThat(first.owns(group) ^ second.owns(group)).as("exactly one owner of " + group).isTrue();
            }
        });
    }

    @Test
    void shouldGiveEachGroupsDnsToExactlyOneOfTwoActuators() {
        KafkaPresence gra = actuator("owners-split", ConcurrentHashMap.newKeySet());
        KafkaPresence rbx = actuator("owners-split", ConcurrentHashMap.newKeySet());

        assertThat(GROUPS).extracting(group -> KafkaPresence.partitionOf(group, 3)).containsExactly(0, 1, 2, 0);

        awaitOneOwnerPerGroup(gra, rbx);

        Set<String> all = new java.util.TreeSet<>(gra.owned());
        all.addAll(rbx.owned());
        assertThat(all).containsExactlyInAnyOrderElementsOf(GROUPS);
    }

    @Test
    void shouldHandTheDnsOfAKilledOwnerToTheOtherActuatorWithinTheSessionTimeout() {
        Set<String> gainedByFirst = ConcurrentHashMap.newKeySet();
        Set<String> gainedBySecond = ConcurrentHashMap.newKeySet();
        KafkaPresence first = actuator("owners-crash", gainedByFirst);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.owned().size() == GROUPS.size());
        KafkaPresence second = actuator("owners-crash", gainedBySecond);
        awaitOneOwnerPerGroup(first, second);
        KafkaPresence owner = first.owns("app") ? first : second;
        KafkaPresence survivor = owner == first ? second : first;
        Set<String> gainedBySurvivor = owner == first ? gainedBySecond : gainedByFirst;
        Set<String> ownedByTheDead = Set.copyOf(owner.owned());
        gainedBySurvivor.clear();

        long killedAt = System.nanoTime();
        owner.crash(); // no LeaveGroup: the broker learns of the death only when the session expires
        await().atMost(SESSION.plusSeconds(4)).pollInterval(Duration.ofMillis(20)).until(() -> survivor.owns("app"));
        long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf("DNS ownership takeover after the owner was killed: %d ms (session timeout %d ms)%n", takeoverMs, SESSION.toMillis());

        assertThat(takeoverMs).isGreaterThanOrEqualTo(SESSION.toMillis() - 1500).isLessThanOrEqualTo(SESSION.toMillis() + 4000);
        assertThat(owner.owned()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> survivor.owned().containsAll(GROUPS));
        assertThat(gainedBySurvivor).containsAll(ownedByTheDead);
    }

    @Test
    void shouldHandTheDnsOverAtOnceWhenTheOwnerShutsDownCleanly() {
        KafkaPresence first = actuator("owners-clean", ConcurrentHashMap.newKeySet());
        await().atMost(Duration.ofSeconds(30)).until(() -> first.owned().size() == GROUPS.size());
        KafkaPresence second = actuator("owners-clean", ConcurrentHashMap.newKeySet());
        awaitOneOwnerPerGroup(first, second);
        KafkaPresence owner = first.owns("app") ? first : second;
        KafkaPresence survivor = owner == first ? second : first;

        long stoppedAt = System.nanoTime();
        owner.close(); // LeaveGroup: the survivor's next rebalance takes the partitions
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> survivor.owns("app"));
        long takeoverMs = (System.nanoTime() - stoppedAt) / 1_000_000;
        System.out.printf("DNS ownership takeover after the owner shut down cleanly: %d ms%n", takeoverMs);

        assertThat(takeoverMs).isLessThan(SESSION.toMillis());
        assertThat(owner.owned()).isEmpty();
    }
}
