package io.tripswitch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.schemas.Topic;
import io.tripswitch.schemas.Topics;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole region going dark, through the local lab: {@code lab demo --blackout --keep} kills gra's app servers and
 * probe-gra at the same instant, then the chain is checked directly (decision on the topic, HAProxy, DNS), and
 * {@code lab recover gra} brings gra back. One lab for all of it, so the suite pays for one more {@code up} only.
 */
class BlackoutEndToEndTest {

    private static final Duration WITHIN = Duration.ofSeconds(40);
    private static final Pattern DEMO_JSON = Pattern.compile(
            "\\{\"outage\":\"gra\",\"active\":\"rbx\",\"decision_ms\":(\\d+),\"haproxy_ms\":(\\d+),\"dns_ms\":(\\d+)}");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @TempDir
    Path labDir;

    @Test
    void shouldFailOverToRbxWhenGraGoesDarkWithItsProbeAndRestartGraOnRecover() throws Exception {
        try (Lab lab = new Lab(labDir)) {
            // When the demo blacks out gra (it fails, and so does this test, unless the decision names rbx).
            String output = lab.run(Duration.ofMinutes(8), "demo", "--blackout", "--keep");

            // Then its last line keeps the demo's JSON shape, with every figure measured.
            List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
            lines.subList(Math.max(0, lines.size() - 6), lines.size()).forEach(System.out::println); // the timeline, in the report
            Matcher json = DEMO_JSON.matcher(lines.get(lines.size() - 1));
            assertThat(json.matches()).as("last line of:\n%s", output).isTrue();
            assertThat(output).contains("blackout of gra injected: gra-app1 gra-app2 probe-gra killed (SIGKILL)");
            long blackoutAt = Long.parseLong(Files.readString(lab.dir().resolve("blackout-gra")).trim().split(" ")[0]);

            Map<String, String> env = lab.env();
            // And the decision on the topic moved the group from gra to rbx, once.
            try (KafkaConsumer<String, FailoverDecision> decisions = consumer(env, Topics.DEFAULT.decisions)) {
                List<FailoverDecision> seen = new ArrayList<>();
                await().atMost(WITHIN).untilAsserted(() -> {
                    decisions.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                    assertThat(seen).isNotEmpty();
                });
                assertThat(seen).hasSize(1);
                assertThat(seen.get(0).getGroup()).isEqualTo(env.get("GROUP"));
                assertThat(seen.get(0).getPreviousRegion()).isEqualTo("gra");
                assertThat(seen.get(0).getActiveRegion()).isEqualTo("rbx");
                assertThat(seen.get(0).getEpoch()).isEqualTo(1L);
            }
            // And both HAProxies serve rbx, and DNS answers rbx's address.
            assertThat(LabClients.bodyOf(env.get("GRA_LB_URL"))).hasValueSatisfying(b -> assertThat(b).contains("region=rbx"));
            assertThat(LabClients.bodyOf(env.get("RBX_LB_URL"))).hasValueSatisfying(b -> assertThat(b).contains("region=rbx"));
            assertThat(LabClients.dnsAnswer(env)).containsExactly(env.get("RBX_ADDRESS"));

            // And gra is really dark: its app servers refuse connections, probe-gra published nothing observed after the kill.
            for (String url : urls(env, "GRA_APP_URLS")) {
                assertThat(catchThrowable(() -> http.send(HttpRequest.newBuilder(URI.create(url + "health")).build(),
                        HttpResponse.BodyHandlers.ofString()))).as(url).isInstanceOf(ConnectException.class);
            }
            for (String url : urls(env, "RBX_APP_URLS")) {
                assertThat(LabClients.bodyOf(url)).hasValueSatisfying(b -> assertThat(b).contains("region=rbx"));
            }
            assertThat(probeResultsFrom(env, "gra")).allSatisfy(r -> assertThat(r.getObservedAt().toEpochMilli()).isLessThanOrEqualTo(blackoutAt));
            assertThat(lab.run(Duration.ofSeconds(60), "status")).containsPattern("probe-gra +blackout").contains("blackout of gra since");

            // When gra recovers: its app servers answer again and probe-gra publishes again.
            long recoverAt = System.currentTimeMillis();
            lab.run(Duration.ofMinutes(3), "recover", "gra");
            for (String url : urls(env, "GRA_APP_URLS")) {
                assertThat(LabClients.bodyOf(url)).hasValueSatisfying(b -> assertThat(b).contains("region=gra"));
            }
            await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(probeResultsFrom(env, "gra"))
                    .anySatisfy(r -> assertThat(r.getObservedAt().toEpochMilli()).isGreaterThan(recoverAt)));
            assertThat(lab.run(Duration.ofSeconds(60), "status")).containsPattern("probe-gra +running").doesNotContain("blackout of gra");
            // And traffic stays on rbx (manual failback).
            assertThat(LabClients.dnsAnswer(env)).containsExactly(env.get("RBX_ADDRESS"));

            List<Long> pids = lab.recordedPids();
            assertThat(pids).isNotEmpty();
            lab.close();
            assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        }
    }

    private static List<String> urls(Map<String, String> env, String key) {
        List<String> urls = Arrays.stream(env.get(key).split(",")).toList();
        assertThat(urls).as(key).hasSize(2);
        return urls;
    }

    private static <V> KafkaConsumer<String, V> consumer(Map<String, String> env, Topic<String, V> topic) {
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("KAFKA_BOOTSTRAP"),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }

    /** Every probe result the given observer has on the topic now (read to the end offsets taken at the call). */
    private static List<ProbeResult> probeResultsFrom(Map<String, String> env, String observer) {
        List<ProbeResult> results = LabTopics.readAll(env, Topics.DEFAULT.probeResults).stream()
                .filter(r -> observer.equals(r.getObserver())).toList();
        assertThat(results).as("results from observer %s", observer).isNotEmpty();
        return results;
    }
}
