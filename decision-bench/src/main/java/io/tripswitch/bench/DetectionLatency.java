package io.tripswitch.bench;

import io.tripswitch.decision.topology.DecisionSettings;
import io.tripswitch.events.CheckType;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.events.RegionState;
import io.tripswitch.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Time from an outage injected to the failover decision committed on the decisions topic, over N trials, on a real
 * broker with the decision-service's real topology and the lab's shape (gra and rbx, two endpoints each, each
 * region probed by both; interval 1 s, fall 3, rise 2).
 *
 * <p>The probes are simulated by the bench, honestly: two probe loops (observers gra and rbx), each checking every
 * endpoint once per second at a random phase and producing a ProbeResult per check as the probe-service does; an
 * injected outage makes gra's endpoints answer DOWN from the next check on (a refused connection fails at once).
 * Each trial starts a fresh application (own topics prefix, application id and state) so trials are independent.
 */
public final class DetectionLatency {

    private static final int INTERVAL_MS = 1000;
    private static final int FALL = 3;

    public static void main(String[] argv) throws Exception {
        BenchSupport.Args args = BenchSupport.Args.parse(argv);
        int trials = args.integer("trials", 10);
        long[] latencies = new long[trials];
        try (BenchSupport.Broker broker = BenchSupport.Broker.from(args)) {
            for (int trial = 0; trial < trials; trial++) {
                latencies[trial] = trial(broker, trial);
                DecisionThroughput.log("trial %d: outage injected -> decision committed in %d ms", trial + 1, latencies[trial]);
            }
        }
        System.out.printf("{\"trials\":%d,\"p50_ms\":%d,\"p99_ms\":%d,\"interval_ms\":%d,\"fall\":%d}%n", trials,
                BenchSupport.percentile(latencies, 0.50), BenchSupport.percentile(latencies, 0.99), INTERVAL_MS, FALL);
        System.exit(0);
    }

    private static long trial(BenchSupport.Broker broker, int trial) throws Exception {
        String prefix = "detection-" + trial + ".";
        Topics topics = new Topics(prefix);
        broker.createTopics(topics, 3);
        Path work = Files.createTempDirectory("detection-latency");
        Path yaml = BenchSupport.yaml(work, List.of("gra", "rbx"), 2, List.of("gra", "rbx"), "");
        DecisionSettings settings = BenchSupport.settings(yaml, prefix);
        AtomicBoolean graOut = new AtomicBoolean();
        try (KafkaStreams streams = BenchSupport.streams(settings, broker.bootstrap, "bench-detection-" + trial, work.resolve("state"), 1);
                Probes probes = new Probes(broker.bootstrap, topics, graOut);
                KafkaConsumer<String, RegionHealth> health = consumer(broker.bootstrap, topics.regionHealth.name(), topics.regionHealth.valueSerde().deserializer());
                KafkaConsumer<String, FailoverDecision> decisions = consumer(broker.bootstrap, topics.decisions.name(), topics.decisions.valueSerde().deserializer())) {
            streams.start();
            DecisionThroughput.waitUntil(() -> streams.state() == KafkaStreams.State.RUNNING, Duration.ofSeconds(120));
            probes.start();
            // Healthy first: both regions published UP (the decision-service has seen every observer).
            Map<String, RegionState> latest = new HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (latest.get("gra") != RegionState.UP || latest.get("rbx") != RegionState.UP) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("regions not UP within 60 s: " + latest);
                }
                health.poll(Duration.ofMillis(100)).forEach(record -> latest.put(record.key(), record.value().getState()));
            }
            Thread.sleep(1000 + ThreadLocalRandom.current().nextInt(INTERVAL_MS)); // a random phase against the probes
            long injected = System.nanoTime();
            graOut.set(true);
            while (true) {
                for (ConsumerRecord<String, FailoverDecision> record : decisions.poll(Duration.ofMillis(50))) {
                    if (record.value().getPreviousRegion().equals("gra")) {
                        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - injected);
                    }
                }
                if (System.nanoTime() - injected > TimeUnit.SECONDS.toNanos(60)) {
                    throw new IllegalStateException("no decision within 60 s of the outage");
                }
            }
        }
    }

    private static <V> KafkaConsumer<String, V> consumer(String bootstrap, String topic, Deserializer<V> values) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new org.apache.kafka.common.serialization.StringDeserializer(), values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Two probe loops (observers gra and rbx) checking both regions' endpoints every second, each at its own random phase. */
    private static final class Probes implements AutoCloseable {
        private final KafkaProducer<String, ProbeResult> producer;
        private final Topics topics;
        private final AtomicBoolean graOut;
        private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        private final AtomicLong seq = new AtomicLong();

        Probes(String bootstrap, Topics topics, AtomicBoolean graOut) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            this.producer = new KafkaProducer<>(props, topics.probeResults.keySerde().serializer(), topics.probeResults.valueSerde().serializer());
            this.topics = topics;
            this.graOut = graOut;
        }

        void start() {
            for (String observer : List.of("gra", "rbx")) {
                timer.scheduleAtFixedRate(() -> round(observer), ThreadLocalRandom.current().nextInt(INTERVAL_MS), INTERVAL_MS, TimeUnit.MILLISECONDS);
            }
        }

        private void round(String observer) {
            for (String region : List.of("gra", "rbx")) {
                for (int e = 0; e < 2; e++) {
                    ProbeStatus status = region.equals("gra") && graOut.get() ? ProbeStatus.DOWN : ProbeStatus.UP;
                    producer.send(new ProducerRecord<>(topics.probeResults.name(), region, new ProbeResult("probe-" + observer, observer, region,
                            BenchSupport.endpoint(e), CheckType.HTTP, status, 1, status == ProbeStatus.UP ? null : "connection refused",
                            Instant.now(), seq.incrementAndGet(), INTERVAL_MS)));
                }
            }
            producer.flush();
        }

        @Override
        public void close() throws InterruptedException {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
            producer.close();
        }
    }
}
