package io.tripswitch.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;

/**
 * Broker failover as the clients see it (run by {@code bench/broker-failover}, which starts the three-node cluster):
 * a producer (acks=all, idempotent) sends every 10 ms to a one-partition topic (RF 3, min ISR 2) whose leader is the
 * victim, a consumer reads it, the victim broker is killed ({@code kill -9}, or {@code SIGSTOP} for a silent death),
 * and the bench reports the longest gap between acknowledged sends and between received records around the kill.
 * The consumer's group coordinator is kept off the victim so the figure is the data path's; whether the victim is
 * also the active KRaft controller is chosen by {@code --victim}. Prints one JSON line.
 */
public final class BrokerFailover {

    /**
     * The tuned client settings, as in the services' application.properties (docs/decisions/0015): a dead broker's
     * requests time out in 5 s instead of 30, a connection to a silent host is given up after 2-5 s instead of
     * 10-30, metadata is refreshed every 10 s, reconnects back off to 500 ms at most.
     */
    static final Map<String, Object> TUNED_CLIENT = Map.of(
            CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 5000,
            CommonClientConfigs.METADATA_MAX_AGE_CONFIG, 10000,
            CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500,
            CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 2000,
            CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 5000);
    static final Map<String, Object> TUNED_PRODUCER = Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000);
    static final Map<String, Object> TUNED_CONSUMER = Map.of(
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000,
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1500);

    private static final String TOPIC = "failover";
    private static final long SEND_EVERY_MS = 10;
    private static final long QUIET_MS = 250;

    private BrokerFailover() {
    }

    public static void main(String[] args) throws Exception {
        BenchSupport.Args cli = BenchSupport.Args.parse(args);
        String bootstrap = cli.string("bootstrap", "127.0.0.1:18110,127.0.0.1:18120,127.0.0.1:18130");
        boolean tuned = cli.string("mode", "default").equals("tuned");
        String signal = cli.string("signal", "KILL");
        boolean killController = cli.string("victim", "leader").equals("leader-and-controller");
        Map<Integer, Long> pids = new HashMap<>();
        for (String pair : cli.string("pids", "").split(",")) {
            String[] idPid = pair.split("=");
            pids.put(Integer.parseInt(idPid[0]), Long.parseLong(idPid[1]));
        }
        long maxMs = cli.integer("max-seconds", 90) * 1000L;

        Map<String, Object> common = new HashMap<>();
        common.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (tuned) {
            common.putAll(TUNED_CLIENT);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int controller = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
            int victim = killController ? controller
                    : pids.keySet().stream().filter(id -> id != controller).sorted().findFirst().orElseThrow();
            List<Integer> replicas = new ArrayList<>(List.of(victim));
            pids.keySet().stream().filter(id -> id != victim).sorted().forEach(replicas::add);
            admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, replicas))
                    .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")))).all().get(30, TimeUnit.SECONDS);
            waitForLeader(admin, victim);

            Map<String, Object> consumerConfig = new HashMap<>(common);
            consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
            consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
            consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            if (tuned) {
                consumerConfig.putAll(TUNED_CONSUMER);
            }
            KafkaConsumer<Long, Long> consumer = joinAwayFrom(admin, consumerConfig, victim);

            Map<String, Object> producerConfig = new HashMap<>(common);
            producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, LongSerializer.class);
            producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, LongSerializer.class);
            producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
            producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 1);
            if (tuned) {
                producerConfig.putAll(TUNED_PRODUCER);
            }
            ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> received = new ConcurrentLinkedQueue<>();
            AtomicLong failed = new AtomicLong();
            ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
            try (KafkaProducer<Long, Long> producer = new KafkaProducer<>(producerConfig)) {
                AtomicLong seq = new AtomicLong();
                sender.scheduleAtFixedRate(() -> {
                    long n = seq.incrementAndGet();
                    producer.send(new ProducerRecord<>(TOPIC, 0, n, n), (metadata, error) -> {
                        if (error == null) {
                            acked.add(System.nanoTime());
                        } else {
                            failed.incrementAndGet();
                        }
                    });
                }, 0, SEND_EVERY_MS, TimeUnit.MILLISECONDS);

                long start = System.nanoTime();
                long killedAt = 0;
                long end = 0;
                while (end == 0) {
                    ConsumerRecords<Long, Long> records = consumer.poll(Duration.ofMillis(50));
                    long now = System.nanoTime();
                    records.forEach(record -> received.add(now));
                    if (killedAt == 0 && ms(now - start) >= 5000 && !received.isEmpty()) {
                        killedAt = System.nanoTime();
                        kill(pids.get(victim), signal);
                    } else if (killedAt != 0) {
                        long sinceKill = ms(now - killedAt);
                        boolean flowing = sinceKill >= 8000
                                && maxGapMs(acked, now - TimeUnit.SECONDS.toNanos(5), now) < QUIET_MS
                                && maxGapMs(received, now - TimeUnit.SECONDS.toNanos(5), now) < QUIET_MS;
                        if (flowing || sinceKill >= maxMs) {
                            end = now;
                        }
                    }
                }
                sender.shutdownNow();
                long from = killedAt - TimeUnit.SECONDS.toNanos(1);
                System.out.printf("{\"mode\":\"%s\",\"signal\":\"%s\",\"victim\":%d,\"controller_killed\":%b,"
                        + "\"producer_stall_ms\":%d,\"consumer_stall_ms\":%d,\"failed_sends\":%d,\"observed_ms\":%d}%n",
                        tuned ? "tuned" : "default", signal, victim, victim == controller,
                        maxGapMs(acked, from, end), maxGapMs(received, from, end), failed.get(), ms(end - killedAt));
                producer.close(Duration.ZERO);
            } finally {
                consumer.close(Duration.ZERO);
            }
        }
    }

    private static void waitForLeader(Admin admin, int leader) throws Exception {
        for (int i = 0; i < 300; i++) {
            var partition = admin.describeTopics(Set.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(TOPIC).partitions().get(0);
            if (partition.leader() != null && partition.leader().id() == leader && partition.isr().size() == 3) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("partition 0 of " + TOPIC + " never led by " + leader + " with all in sync");
    }

    /** A consumer with the partition assigned, in a group whose coordinator is not {@code victim}. */
    private static KafkaConsumer<Long, Long> joinAwayFrom(Admin admin, Map<String, Object> config, int victim)
            throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            String group = "failover-" + attempt;
            Map<String, Object> withGroup = new HashMap<>(config);
            withGroup.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            KafkaConsumer<Long, Long> consumer = new KafkaConsumer<>(withGroup);
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }
            int coordinator = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(30, TimeUnit.SECONDS).coordinator().id();
            if (coordinator != victim && !consumer.assignment().isEmpty()) {
                return consumer;
            }
            consumer.close(Duration.ZERO);
        }
        throw new IllegalStateException("no group found whose coordinator is not broker " + victim);
    }

    private static void kill(long pid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
        }
    }

    /** The longest time between consecutive instants (nanoTime) within [from, to], the bounds counting as instants. */
    private static long maxGapMs(ConcurrentLinkedQueue<Long> instants, long from, long to) {
        long previous = from;
        long max = 0;
        for (long instant : instants) {
            if (instant < from) {
                continue;
            }
            if (instant > to) {
                break;
            }
            max = Math.max(max, instant - previous);
            previous = instant;
        }
        return ms(Math.max(max, to - previous));
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
