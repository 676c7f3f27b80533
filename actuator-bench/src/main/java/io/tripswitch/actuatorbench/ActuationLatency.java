package io.tripswitch.actuatorbench;

import io.tripswitch.events.Actuation;
import io.tripswitch.events.DecisionAction;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.GroupState;
import io.tripswitch.fixtures.ChildProcess;
import io.tripswitch.fixtures.FreePorts;
import io.tripswitch.fixtures.AuthoritativeDnsServer;
import io.tripswitch.fixtures.BindServer;
import io.tripswitch.fixtures.KnotServer;
import io.tripswitch.schemas.CloudEventHeaders;
import io.tripswitch.schemas.TopicProvisioner;
import io.tripswitch.schemas.TopicReplication;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Decision produced → HAProxy routing changed (a real HTTP request through HAProxy) and → DNS answer changed (a real
 * query to BIND or Knot), for N decisions alternating gra/rbx, through the packaged dns-actuator run as a child process. The
 * first decision after the actuator's start is part of the figures and is also reported on its own. Last line
 * {@code {"decisions":N,"haproxy_p99_ms":N,"dns_p99_ms":N}}.
 */
public final class ActuationLatency {

    private static final String GROUP_ID = "tripswitch-dns-actuator";
    private static final Map<String, String> ADDRESS = Map.of("gra", "127.0.10.1", "rbx", "127.0.20.1");
    private static final long GIVE_UP_MS = 30_000;
    private static final String WARM_UP_TOPIC = "actuation-latency.warm-up";

    private ActuationLatency() {
    }

    public static void main(String[] argv) throws Exception {
        // The region servers answer the watcher's kept-alive requests: without TCP_NODELAY their header and body
        // segments meet HAProxy's delayed ACK (~40 ms per answer). Read once, when the first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Map<String, String> args = parse(argv);
        int decisions = Integer.parseInt(args.getOrDefault("decisions", "50"));
        long pauseMs = Long.parseLong(args.getOrDefault("pause-ms", "200"));
        long idleMs = Long.parseLong(args.getOrDefault("idle-ms", "2000"));
        Path jar = Path.of(args.getOrDefault("jar", "dns-actuator/target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        String actuatorJavaOpts = args.getOrDefault("actuator-java-opts", "");
        // A running system has the group's state on tripswitch.group-state before the actuator starts: a (re)started
        // actuator reads it and converges at once (level-triggered). --cold starts it with nothing, as on a first install.
        boolean cold = Boolean.parseBoolean(args.getOrDefault("cold", "false"));
        // Knot 3.2 answers about one update in five ~0.75 s late (its zone events run on a whole-second timer; see
        // docs/decisions/0011); BIND answers each at once. Both are real RFC 2136 servers the actuator drives alike.
        String dnsKind = args.getOrDefault("dns", "bind");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " not found: build dns-actuator first");
        }
        Path dir = Files.createTempDirectory("actuation-latency-");
        log("work dir %s; DNS server %s; group state before start: %s", dir, dnsKind, cold ? "none (--cold)" : "yes");

        EmbeddedKafka kafka = null;
        AuthoritativeDnsServer dnsServer = null;
        Haproxy haproxy = null;
        ChildProcess actuator = null;
        try {
            String bootstrap = args.get("bootstrap");
            if (bootstrap == null) {
                kafka = EmbeddedKafka.start();
                bootstrap = kafka.bootstrapServers();
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicProvisioner.ensureTopics(admin, Topics.DEFAULT, 3, TopicReplication.SINGLE_REPLICA);
            }
            dnsServer = switch (dnsKind) {
                case "knot" -> KnotServer.start(dir.resolve("knot"), ADDRESS.get("gra"));
                case "bind" -> BindServer.start(dir.resolve("bind"), ADDRESS.get("gra"));
                default -> throw new IllegalArgumentException("--dns: knot or bind, got '" + dnsKind + "'");
            };
            haproxy = Haproxy.start(dir.resolve("gra-lb"));
            if (!cold) {
                seedGroupState(bootstrap);
            }
            Path config = writeConfig(dir, dnsServer, haproxy);

            int httpPort = FreePorts.pick();
            List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-Dquarkus.config.locations=" + config));
            if (!actuatorJavaOpts.isBlank()) {
                command.addAll(Arrays.asList(actuatorJavaOpts.trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString()));
            long launched = System.nanoTime();
            String brokers = bootstrap;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                actuator = ChildProcess.start(command,
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", brokers, "QUARKUS_HTTP_PORT", Integer.toString(httpPort)),
                        dir.resolve("actuator.log"), 180_000, () -> ready(httpPort) && consuming(admin));
            }
            log("dns-actuator pid %d ready (health UP, partitions assigned) %d ms after launch; log %s; idle %d ms before the first decision",
                    actuator.pid(), (System.nanoTime() - launched) / 1_000_000, actuator.log(), idleMs);

            try (KafkaProducer<String, FailoverDecision> producer = producer(bootstrap);
                    ActuationReader reader = new ActuationReader(bootstrap);
                    Watcher routing = Watcher.start("watch-haproxy", Probes.httpThroughHaproxy(haproxy.frontendPort()));
                    Watcher answering = Watcher.start("watch-dns", Probes.dnsA(dnsServer.port(), "app." + AuthoritativeDnsServer.ZONE))) {
                warmUp(producer, bootstrap);
                reader.start();
                log("before the first decision HAProxy routes to '%s', DNS answers '%s'", routing.current(5000), answering.current(5000));
                Thread.sleep(idleMs);
                long baseEpoch = System.currentTimeMillis();
                List<Sample> samples = new ArrayList<>();
                for (int i = 1; i <= decisions; i++) {
                    String region = i % 2 == 1 ? "rbx" : "gra";
                    FailoverDecision decision = decision(baseEpoch + i, region, i % 2 == 1 ? "gra" : "rbx");
                    long sentAtMs = System.currentTimeMillis();
                    long sent = System.nanoTime();
                    producer.send(new ProducerRecord<>(Topics.DEFAULT.decisions.name(), null, "app", decision,
                            CloudEventHeaders.of("FailoverDecision", decision.getDecisionId(), "/tripswitch/actuation-latency", Instant.now())));
                    producer.flush();
                    long haproxyMs = routing.millisUntil("region=" + region, sent, GIVE_UP_MS);
                    long dnsMs = answering.millisUntil(ADDRESS.get(region), sent, GIVE_UP_MS);
                    samples.add(new Sample(i, region, decision.getDecisionId(), sentAtMs, haproxyMs, dnsMs));
                    // the watcher's connection is kept alive: a request on a new one must agree
                    if (haproxyMs >= 0 && !haproxy.route().equals("region=" + region)) {
                        throw new IllegalStateException("decision " + i + ": the kept-alive connection saw region=" + region
                                + ", a new connection got '" + haproxy.route() + "'");
                    }
                    Thread.sleep(pauseMs);
                }
                Thread.sleep(500); // the last Actuations may still be on their way
                report(samples, reader.byDecision());
            }
        } finally {
            for (AutoCloseable closeable : new AutoCloseable[] {actuator, haproxy, dnsServer, kafka}) {
                if (closeable != null) {
                    try {
                        closeable.close();
                    } catch (Exception e) {
                        log("while stopping: %s", e);
                    }
                }
            }
        }
    }

    /** One decision's figures; {@code -1} when the change was not seen within the give-up time. */
    private record Sample(int index, String region, String decisionId, long sentAtMs, long haproxyMs, long dnsMs) {
    }

    private static void report(List<Sample> samples, Map<String, List<Actuation>> actuations) throws IOException {
        for (Sample sample : samples) {
            List<Actuation> attempts = actuations.getOrDefault(sample.decisionId(), List.of());
            StringBuilder detail = new StringBuilder();
            for (Actuation attempt : attempts) {
                detail.append(String.format(Locale.ROOT, " %s %s#%d start +%d ms took %d ms;", attempt.getTarget(), attempt.getOutcome(),
                        attempt.getAttempt(), attempt.getAt().toEpochMilli() - sample.sentAtMs(), attempt.getDurationMs()));
            }
            log("decision %2d -> %s: haproxy %d ms, dns %d ms |%s", sample.index(), sample.region(), sample.haproxyMs(), sample.dnsMs(), detail);
        }
        Sample first = samples.get(0);
        log("first decision after start: haproxy %d ms, dns %d ms", first.haproxyMs(), first.dnsMs());
        long[] haproxy = samples.stream().mapToLong(ActuationLatency::haproxyOrGiveUp).sorted().toArray();
        long[] dns = samples.stream().mapToLong(ActuationLatency::dnsOrGiveUp).sorted().toArray();
        long[] haproxyRest = samples.stream().skip(1).mapToLong(ActuationLatency::haproxyOrGiveUp).sorted().toArray();
        long[] dnsRest = samples.stream().skip(1).mapToLong(ActuationLatency::dnsOrGiveUp).sorted().toArray();
        long notSeen = samples.stream().filter(s -> s.haproxyMs() < 0 || s.dnsMs() < 0).count();
        log("all %d decisions: haproxy p50 %d p99 %d max %d ms; dns p50 %d p99 %d max %d ms; not seen within %d ms: %d", samples.size(),
                percentile(haproxy, 50), percentile(haproxy, 99), haproxy[haproxy.length - 1], percentile(dns, 50), percentile(dns, 99),
                dns[dns.length - 1], GIVE_UP_MS, notSeen);
        if (haproxyRest.length > 0) {
            log("without the first: haproxy p50 %d p99 %d ms; dns p50 %d p99 %d ms", percentile(haproxyRest, 50), percentile(haproxyRest, 99),
                    percentile(dnsRest, 50), percentile(dnsRest, 99));
        }
        log("load average: %s", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.printf(Locale.ROOT, "{\"decisions\":%d,\"haproxy_p99_ms\":%d,\"dns_p99_ms\":%d}%n", samples.size(),
                percentile(haproxy, 99), percentile(dns, 99));
    }

    private static long haproxyOrGiveUp(Sample sample) {
        return sample.haproxyMs() < 0 ? GIVE_UP_MS : sample.haproxyMs();
    }

    private static long dnsOrGiveUp(Sample sample) {
        return sample.dnsMs() < 0 ? GIVE_UP_MS : sample.dnsMs();
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static FailoverDecision decision(long epoch, String region, String previous) {
        return FailoverDecision.newBuilder()
                .setDecisionId(UUID.randomUUID().toString())
                .setGroup("app")
                .setEpoch(epoch)
                .setAction(DecisionAction.OPERATOR)
                .setActiveRegion(region)
                .setPreviousRegion(previous)
                .setStandbyRegions(List.of(previous))
                .setReason("actuation-latency bench")
                .setOperator("bench")
                .setEvidence(List.of())
                .setDecidedAt(Instant.now())
                .build();
    }

    /** What decision-service leaves on tripswitch.group-state: group app active in gra (as configured), at an older epoch. */
    private static void seedGroupState(String bootstrap) throws Exception {
        GroupState state = GroupState.newBuilder().setGroup("app").setActiveRegion("gra").setEpoch(System.currentTimeMillis() - 60_000)
                .setFrozen(false).setLastDecisionId(UUID.randomUUID().toString()).setUpdatedAt(Instant.now()).build();
        try (KafkaProducer<String, GroupState> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), Topics.DEFAULT.groupState.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.DEFAULT.groupState.name(), null, "app", state,
                    CloudEventHeaders.of("GroupState", state.getLastDecisionId(), "/tripswitch/actuation-latency", Instant.now()))).get();
        }
        log("group state seeded: app active in gra at epoch %d", state.getEpoch());
    }

    /**
     * The bench's own cold costs are not the actuator's: the producer's first sends (metadata, Avro serializer, the
     * sender's code paths) go to a topic of the bench's own before the first decision is timed.
     */
    private static void warmUp(KafkaProducer<String, FailoverDecision> producer, String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(WARM_UP_TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        producer.partitionsFor(Topics.DEFAULT.decisions.name());
        for (int i = 0; i < 50; i++) {
            producer.send(new ProducerRecord<>(WARM_UP_TOPIC, "app", decision(i, "gra", "rbx"))).get();
        }
    }

    private static KafkaProducer<String, FailoverDecision> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), Topics.DEFAULT.decisions.valueSerde().serializer());
    }

    /** Reads every Actuation in the background, by decision id: where the time went (consumed late? slow target?). */
    private static final class ActuationReader extends Thread implements AutoCloseable {

        private final KafkaConsumer<String, Actuation> consumer;
        private final Map<String, List<Actuation>> byDecision = new ConcurrentHashMap<>();
        private volatile boolean running = true;

        ActuationReader(String bootstrap) {
            super("actuation-reader");
            setDaemon(true);
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(),
                    Topics.DEFAULT.actuations.valueSerde().deserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEFAULT.actuations.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        @Override
        public void run() {
            while (running) {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> byDecision
                        .computeIfAbsent(record.value().getDecisionId(), id -> new ArrayList<>()).add(record.value()));
            }
            consumer.close();
        }

        Map<String, List<Actuation>> byDecision() {
            return new HashMap<>(byDecision);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            join(5000);
        }
    }

    private static boolean ready(int httpPort) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + httpPort + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The actuator's consumer group is stable with the decisions partitions assigned. */
    private static boolean consuming(Admin admin) {
        try {
            Collection<ConsumerGroupDescription> groups = admin.describeConsumerGroups(List.of(GROUP_ID)).all()
                    .get(5, TimeUnit.SECONDS).values();
            return groups.stream().anyMatch(group -> group.groupState() == org.apache.kafka.common.GroupState.STABLE && group.members().stream()
                    .anyMatch(member -> !member.assignment().topicPartitions().isEmpty()));
        } catch (Exception e) {
            return false;
        }
    }

    private static Path writeConfig(Path dir, AuthoritativeDnsServer dnsServer, Haproxy haproxy) throws IOException {
        Path config = dir.resolve("tripswitch.yaml");
        Files.writeString(config, String.join("\n",
                "tripswitch:",
                "  regions:",
                "    gra:",
                "      endpoints:",
                "        - id: app1",
                "          url: http://127.0.0.1:1/health",
                "    rbx:",
                "      endpoints:",
                "        - id: app1",
                "          url: http://127.0.0.1:1/health",
                "  groups:",
                "    app:",
                "      regions: [gra, rbx]",
                "  actuator:",
                "    dns:",
                "      app-record:",
                "        group: app",
                "        zone: " + AuthoritativeDnsServer.ZONE,
                "        name: app",
                "        ttl: 30s",
                "        server: " + dnsServer.server(),
                "        tsig-key-name: " + AuthoritativeDnsServer.KEY_NAME,
                "        tsig-secret-file: " + dnsServer.secretFile(),
                "        addresses:",
                "          gra: [" + ADDRESS.get("gra") + "]",
                "          rbx: [" + ADDRESS.get("rbx") + "]",
                "    haproxy:",
                "      gra-lb:",
                "        group: app",
                "        socket: " + haproxy.adminSocket(),
                "        map-file: " + haproxy.mapFile(),
                "        backends:",
                "          gra: app_gra",
                "          rbx: app_rbx",
                ""));
        return config;
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("usage: --name value ...; got '" + argv[i] + "'");
            }
            args.put(argv[i].substring(2), argv[++i]);
        }
        return args;
    }

    private static void log(String format, Object... values) {
        System.err.printf(Locale.ROOT, "[actuation-latency %tT.%<tL] %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, format, values));
    }
}
