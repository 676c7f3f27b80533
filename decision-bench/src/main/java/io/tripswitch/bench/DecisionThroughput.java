package io.tripswitch.bench;

import io.tripswitch.decision.topology.DecisionSettings;
import io.tripswitch.events.CheckType;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Sustained probe results per second through the decision-service topology (one instance, exactly_once_v2) on a
 * real broker, and the latency from a probe result produced to the region-health update it caused.
 *
 * <p>Key spread: regions × observers × endpoints (default 5 × 5 × 200), one result per endpoint per observer per
 * round, rounds 1 s apart in event time. In every (region, observer) one endpoint toggles (6 rounds failing, 6
 * passing), so the evaluator flips endpoints and publishes region health as in real life.
 *
 * <p>Phase 1 (throughput): {@code --events} results are produced first, then the topology starts; events/s is
 * that number over the time from the instance RUNNING to every input offset committed. Phase 2 (latency): with the
 * topology running, results are produced live at {@code --rate}/s for {@code --seconds}; each region-health record
 * names the result that caused it (header {@code tripswitch_trigger}), whose send time gives the latency.
 */
public final class DecisionThroughput {

    private static final String PREFIX = "bench.";
    private static final int TOGGLE_ROUNDS = 6;

    private final List<String> regions;
    private final List<String> observers;
    private final int endpoints;
    private final Topics topics = new Topics(PREFIX);
    private final Map<String, Long> seqByProbe = new ConcurrentHashMap<>();
    private final Map<String, Long> sentNanosByTrigger = new ConcurrentHashMap<>();

    private DecisionThroughput(int regionCount, int observerCount, int endpoints) {
        this.regions = IntStream.rangeClosed(1, regionCount).mapToObj(i -> "r" + i).toList();
        // The observers are the regions themselves (as in the lab), plus external ones if more are asked for.
        this.observers = IntStream.rangeClosed(1, observerCount).mapToObj(i -> i <= regionCount ? "r" + i : "x" + i).toList();
        this.endpoints = endpoints;
    }

    public static void main(String[] argv) throws Exception {
        BenchSupport.Args args = BenchSupport.Args.parse(argv);
        DecisionThroughput bench = new DecisionThroughput(args.integer("regions", 5), args.integer("observers", 5), args.integer("endpoints", 200));
        bench.run(args);
        System.exit(0);
    }

    private int perRound() {
        return regions.size() * observers.size() * endpoints;
    }

    private void run(BenchSupport.Args args) throws Exception {
        int events = args.integer("events", 2_000_000);
        int rate = args.integer("rate", 20_000);
        int seconds = args.integer("seconds", 20);
        int partitions = args.integer("partitions", 3);
        int threads = args.integer("threads", 1);
        Path work = Files.createTempDirectory("decision-throughput");
        // Staleness is wall-clock against event time: pre-produced rounds reach back up to events/perRound seconds,
        // so staleAfter is set beyond that; every other rule is the production default.
        Path yaml = BenchSupport.yaml(work, regions, endpoints, observers, "    stale-after: 1h\n");
        DecisionSettings settings = BenchSupport.settings(yaml, PREFIX);

        try (BenchSupport.Broker broker = BenchSupport.Broker.from(args)) {
            broker.createTopics(topics, partitions);
            int rounds = (events + perRound() - 1) / perRound();
            Instant firstRound = Instant.now().minusSeconds(rounds);
            long produceStart = System.nanoTime();
            int produced = 0;
            try (KafkaProducer<String, ProbeResult> producer = BenchSupport.producer(broker.bootstrap, topics)) {
                for (int round = 0; produced < events; round++) {
                    produced += round(producer, round, firstRound.plusSeconds(round), events - produced, false);
                }
                producer.flush();
            }
            double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
            log("produced %d probe results (%d per round) in %.1f s (%.0f/s), %d partitions", produced, perRound(), produceSeconds,
                    produced / produceSeconds, partitions);

            try (KafkaStreams streams = BenchSupport.streams(settings, broker.bootstrap, "bench-throughput", work.resolve("state"), threads);
                    Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap))) {
                streams.start();
                waitUntil(() -> streams.state() == KafkaStreams.State.RUNNING, Duration.ofSeconds(120));
                long running = System.nanoTime();
                long committed = 0;
                long lastProgress = System.nanoTime();
                while (committed < produced) {
                    Thread.sleep(100);
                    long now = committed(admin, "bench-throughput", topics.probeResults.name());
                    if (now > committed) {
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(60)) {
                        throw new IllegalStateException("no progress for 60 s: " + now + " of " + produced + " committed, state " + streams.state());
                    }
                    committed = now;
                }
                double processSeconds = (System.nanoTime() - running) / 1e9;
                long eventsPerSecond = Math.round(produced / processSeconds);
                log("processed %d probe results in %.2f s from RUNNING to all committed: %d/s (%d thread(s))", produced, processSeconds,
                        eventsPerSecond, threads);

                long[] latencies = latencyPhase(broker.bootstrap, rounds, rate, seconds);
                long p50 = BenchSupport.percentile(latencies, 0.50);
                long p99 = BenchSupport.percentile(latencies, 0.99);
                log("latency produced -> region-health out at %d/s for %d s: %d samples, p50 %d ms, p99 %d ms, max %d ms", rate, seconds,
                        latencies.length, p50, p99, BenchSupport.percentile(latencies, 1.0));
                System.out.printf("{\"events_per_s\":%d,\"p99_ms\":%d}%n", eventsPerSecond, p99);
            }
        }
    }

    /** Produces one round (or its first {@code limit} results); returns how many were sent. */
    private int round(KafkaProducer<String, ProbeResult> producer, int round, Instant observedAt, int limit, boolean trace) {
        int sent = 0;
        boolean toggledDown = (round / TOGGLE_ROUNDS) % 2 == 1;
        for (String region : regions) {
            for (String observer : observers) {
                String probeId = "probe-" + observer;
                for (int e = 0; e < endpoints && sent < limit; e++) {
                    ProbeStatus status = e == 0 && toggledDown ? ProbeStatus.DOWN : ProbeStatus.UP;
                    long seq = seqByProbe.merge(probeId, 1L, Long::sum);
                    ProbeResult result = new ProbeResult(probeId, observer, region, BenchSupport.endpoint(e), CheckType.HTTP, status, 2,
                            status == ProbeStatus.UP ? null : "HTTP 503", observedAt, seq, 1000);
                    if (trace) {
                        sentNanosByTrigger.put(probeId + ":" + seq, System.nanoTime());
                    }
                    producer.send(new ProducerRecord<>(topics.probeResults.name(), region, result));
                    sent++;
                }
            }
        }
        return sent;
    }

    /** Live rounds at {@code rate} results/s; latency of every region-health record that names its cause. */
    private long[] latencyPhase(String bootstrap, int firstRound, int rate, int seconds) throws Exception {
        List<Long> latencies = new ArrayList<>();
        try (KafkaConsumer<String, RegionHealth> consumer = healthConsumer(bootstrap);
                KafkaProducer<String, ProbeResult> producer = BenchSupport.producer(bootstrap, topics)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.regionHealth.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            Thread sender = new Thread(() -> {
                long roundNanos = TimeUnit.SECONDS.toNanos(1) * perRound() / rate;
                long start = System.nanoTime();
                int rounds = (int) ((long) rate * seconds / perRound());
                for (int i = 0; i < rounds; i++) {
                    long due = start + i * roundNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    round(producer, firstRound + i, Instant.now(), Integer.MAX_VALUE, true);
                }
                producer.flush();
            }, "bench-live-producer");
            sender.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 10L);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, RegionHealth> record : consumer.poll(Duration.ofMillis(100))) {
                    long received = System.nanoTime();
                    Header trigger = record.headers().lastHeader("tripswitch_trigger");
                    Long sent = trigger == null ? null : sentNanosByTrigger.get(new String(trigger.value(), StandardCharsets.UTF_8));
                    if (sent != null) {
                        latencies.add(TimeUnit.NANOSECONDS.toMillis(received - sent));
                    }
                }
                if (!sender.isAlive() && System.nanoTime() > deadline - TimeUnit.SECONDS.toNanos(8)) {
                    break; // the sender is done; give the last updates 2 s to come out
                }
            }
            sender.join();
        }
        return latencies.stream().mapToLong(Long::longValue).toArray();
    }

    private KafkaConsumer<String, RegionHealth> healthConsumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, topics.regionHealth.keySerde().deserializer(), topics.regionHealth.valueSerde().deserializer());
    }

    private static long committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout);
            }
            Thread.sleep(20);
        }
    }

    static void log(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
    }
}
