package io.tripswitch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.events.RegionState;
import io.tripswitch.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Record;

/**
 * The whole chain on real components, through the local lab: app servers, one HAProxy per region,
 * Knot DNS, a Kafka broker, probe-service in gra and rbx, decision-service and dns-actuator.
 */
class FailoverEndToEndTest {

    private static final Duration FAILOVER_WITHIN = Duration.ofSeconds(40);

    @TempDir
    Path labDir;

    @Test
    void shouldMoveTrafficToRbxWhenGraFailsAndNotFailBackOnItsOwnWhenGraRecovers() throws Exception {
        try (Lab lab = new Lab(labDir)) {
            lab.run(Duration.ofMinutes(6), "up");
            Map<String, String> env = lab.env();
            String graAddress = env.get("GRA_ADDRESS");
            String rbxAddress = env.get("RBX_ADDRESS");

            // Given the lab serves gra, through HAProxy and DNS.
            assertThat(LabClients.dnsAnswer(env)).containsExactly(graAddress);
            assertThat(LabClients.bodyOf(env.get("GRA_LB_URL"))).hasValueSatisfying(body -> assertThat(body).contains("region=gra"));

            try (KafkaConsumer<String, FailoverDecision> decisions = consumer(env, Topics.DEFAULT.decisions.valueSerde());
                    KafkaConsumer<String, RegionHealth> health = consumer(env, Topics.DEFAULT.regionHealth.valueSerde())) {
                decisions.subscribe(List.of(Topics.DEFAULT.decisions.name()));
                health.subscribe(List.of(Topics.DEFAULT.regionHealth.name()));
                List<FailoverDecision> seen = new ArrayList<>();

                // When gra's app servers start failing /health.
                lab.run(Duration.ofSeconds(30), "outage", "gra");

                // Then a decision moves the group to rbx, HAProxy routes to rbx and DNS answers rbx's address.
                await().atMost(FAILOVER_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    decisions.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.value()));
                    assertThat(seen).isNotEmpty();
                });
                FailoverDecision decision = seen.get(0);
                assertThat(decision.getGroup()).isEqualTo(env.get("GROUP"));
                assertThat(decision.getActiveRegion()).isEqualTo("rbx");
                assertThat(decision.getPreviousRegion()).isEqualTo("gra");
                assertThat(decision.getEpoch()).isEqualTo(1L);
                await().atMost(FAILOVER_WITHIN).untilAsserted(() -> assertThat(LabClients.bodyOf(env.get("GRA_LB_URL"))).hasValueSatisfying(body -> assertThat(body).contains("region=rbx")));
                await().atMost(FAILOVER_WITHIN).untilAsserted(() -> assertThat(LabClients.bodyOf(env.get("RBX_LB_URL"))).hasValueSatisfying(body -> assertThat(body).contains("region=rbx")));
                await().atMost(FAILOVER_WITHIN).untilAsserted(() -> assertThat(LabClients.dnsAnswer(env)).containsExactly(rbxAddress));

                // When gra recovers, and the decision-service has seen it UP again.
                lab.run(Duration.ofSeconds(30), "recover", "gra");
                await().atMost(FAILOVER_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    List<RegionHealth> updates = new ArrayList<>();
                    health.poll(Duration.ofMillis(100)).forEach(r -> updates.add(r.value()));
                    assertThat(updates).anySatisfy(h -> {
                        assertThat(h.getRegion()).isEqualTo("gra");
                        assertThat(h.getState()).isEqualTo(RegionState.UP);
                    });
                });

                // Then nothing fails back on its own: manual failback is the default.
                long quietUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() < quietUntil) {
                    decisions.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                }
                assertThat(seen).hasSize(1);
                assertThat(LabClients.dnsAnswer(env)).containsExactly(rbxAddress);
                assertThat(LabClients.bodyOf(env.get("GRA_LB_URL"))).hasValueSatisfying(body -> assertThat(body).contains("region=rbx"));
            }

            List<Long> pids = lab.recordedPids();
            assertThat(pids).isNotEmpty();
            lab.close();
            assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        }
    }

    private <V> KafkaConsumer<String, V> consumer(Map<String, String> env, Serde<V> valueSerde) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("KAFKA_BOOTSTRAP"),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Topics.DEFAULT.decisions.keySerde().deserializer(), valueSerde.deserializer());
    }
}
