package io.tripswitch.probebench;

import io.tripswitch.events.ProbeResult;
import io.tripswitch.schemas.TopicProvisioner;
import io.tripswitch.schemas.TopicReplication;
import io.tripswitch.schemas.Topics;
import io.tripswitch.testkit.EmbeddedKafka;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * How many endpoints one probe-service instance checks on time: N local endpoints at 1 Hz, the packaged
 * probe-service as a child process pinned to one core with a 256 MB heap, a real broker, the endpoints served by
 * one Vert.x HTTP server in this JVM (which the script pins to the other core). Measured from the published
 * ProbeResults after a warm-up; last line
 * {@code {"endpoints":N,"interval_ms":1000,"on_time_pct":P,"results_per_s":R,"heap_max_mb":H,"cpu_pct":C}}.
 */
public final class ProbeCapacity {

    private static final Pattern JSTAT_SPACES = Pattern.compile("\\s+");

    private ProbeCapacity() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = parse(argv);
        int endpoints = Integer.parseInt(args.getOrDefault("endpoints", "2000"));
        int seconds = Integer.parseInt(args.getOrDefault("seconds", "60"));
        int warmupSeconds = Integer.parseInt(args.getOrDefault("warmup", "30"));
        int intervalMs = Integer.parseInt(args.getOrDefault("interval-ms", "1000"));
        int timeoutMs = Integer.parseInt(args.getOrDefault("timeout-ms", "800"));
        String cpu = args.getOrDefault("cpu", "0");
        String heap = args.getOrDefault("heap", "256m");
        Path jar = Path.of(args.getOrDefault("jar", "probe-service/target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        String extraJvm = args.getOrDefault("probe-java-opts", "");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " not found: build probe-service first");
        }
        Path dir = Files.createTempDirectory("probe-capacity-");
        log("work dir %s", dir);

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        EmbeddedKafka kafka = null;
        Process probe = null;
        Process jstat = null;
        try {
            String bootstrap = args.get("bootstrap");
            if (bootstrap == null) {
                kafka = EmbeddedKafka.start();
                bootstrap = kafka.bootstrapServers();
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicProvisioner.ensureTopics(admin, Topics.DEFAULT, 3, TopicReplication.SINGLE_REPLICA);
            }
            AtomicLong requests = new AtomicLong();
            int perPort = Integer.parseInt(args.getOrDefault("endpoints-per-port", "20"));
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < (endpoints + perPort - 1) / perPort; i++) {
                ports.add(startEndpoints(vertx, requests).actualPort());
            }
            log("%d endpoints on %d ports (%d per port)", endpoints, ports.size(), perPort);
            Path config = writeConfig(dir, endpoints, ports, perPort, intervalMs, timeoutMs);
            int httpPort = freePort();

            ResultCollector collector = new ResultCollector(bootstrap);
            collector.start();

            // --nice -10 gives the probe its core ahead of other work on a shared machine (the target is "one core").
            String nice = args.getOrDefault("nice", "0");
            List<String> command = new ArrayList<>(List.of("nice", "-n", nice, "taskset", "-c", cpu, "java", "-Xmx" + heap, "-XX:ActiveProcessorCount=1",
                    "-Xlog:gc:file=" + dir.resolve("gc.log"), "-Dquarkus.config.locations=" + config));
            if (!extraJvm.isBlank()) {
                command.addAll(Arrays.asList(extraJvm.trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("probe.log").toFile());
            builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
            builder.environment().put("TRIPSWITCH_PROBE_OBSERVER", "r0");
            probe = builder.start();
            long pid = probe.pid();
            log("probe-service pid %d on cpu %s (%s, nice %s), %d endpoints every %d ms", pid, cpu, heap, nice, endpoints, intervalMs);

            long startWait = System.currentTimeMillis();
            while (collector.count() == 0) {
                if (!probe.isAlive() || System.currentTimeMillis() - startWait > 120_000) {
                    throw new IllegalStateException("probe-service published nothing; see " + dir.resolve("probe.log"));
                }
                Thread.sleep(100);
            }
            log("first result after %d ms; warm-up %d s", System.currentTimeMillis() - startWait, warmupSeconds);
            Thread.sleep(warmupSeconds * 1000L);

            HeapSampler heapSampler = new HeapSampler(pid);
            jstat = heapSampler.start();
            long fromMs = System.currentTimeMillis();
            long cpuTicksFrom = cpuTicks(pid);
            long fromNanos = System.nanoTime();
            long requestsFrom = requests.get();
            Thread.sleep(seconds * 1000L);
            long toMs = System.currentTimeMillis();
            long cpuTicksTo = cpuTicks(pid);
            long elapsedNanos = System.nanoTime() - fromNanos;
            long requestsTo = requests.get();
            // Results observed inside the window may still be on their way.
            Thread.sleep(3000);
            String metrics = scrape(httpPort);

            OnTimeStats stats = OnTimeStats.of(collector.observedAtByEndpoint(), fromMs, toMs, intervalMs);
            double windowSeconds = (toMs - fromMs) / 1000.0;
            double resultsPerSecond = stats.results() / windowSeconds;
            double cpuPct = 100.0 * (cpuTicksTo - cpuTicksFrom) / clockTicksPerSecond() / (elapsedNanos / 1e9);
            double heapMaxMb = heapSampler.maxUsedMb();

            log("window %.1f s: %d results, %d gaps, %d on time; %d requests served (%.0f/s)", windowSeconds, stats.results(),
                    stats.gaps(), stats.onTime(), requestsTo - requestsFrom, (requestsTo - requestsFrom) / windowSeconds);
            OnTimeStats byStart = OnTimeStats.of(collector.startedAtByEndpoint(), fromMs, toMs, intervalMs);
            long[] withDown = collector.latenciesAndDownCount(fromMs, toMs);
            long downInWindow = withDown[withDown.length - 1];
            long[] latencies = Arrays.copyOf(withDown, withDown.length - 1);
            Arrays.sort(latencies);
            log("diagnostic (window): on time by check start (observedAt - latencyMs) %.2f %%; check latency ms p50 %d, p99 %d, "
                    + "max %d; %d DOWN", byStart.onTimePct(), percentile(latencies, 50), percentile(latencies, 99),
                    latencies.length == 0 ? 0 : latencies[latencies.length - 1], downInWindow);
            log("DOWN results (whole run, should be none): %s", collector.downDetails());
            log("heap: max used %.1f MB, max old gen used %.1f MB (%d samples, jstat -gc)", heapMaxMb, heapSampler.maxOldMb(),
                    heapSampler.samples());
            for (String name : List.of("tripswitch_probe_results_dropped_total", "tripswitch_probe_results_failed_total",
                    "tripswitch_probe_ticks_skipped_total", "tripswitch_probe_ticks_missed_total", "tripswitch_probe_ticks_late_share",
                    "tripswitch_probe_targets_overdue", "tripswitch_probe_results_sent_total")) {
                log("probe metric %s %s", name, sample(metrics, name));
            }
            log("load average: %s", Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.printf(Locale.ROOT, "{\"endpoints\":%d,\"interval_ms\":%d,\"on_time_pct\":%.2f,\"results_per_s\":%.1f,"
                    + "\"heap_max_mb\":%.1f,\"cpu_pct\":%.1f}%n", endpoints, intervalMs, stats.onTimePct(), resultsPerSecond, heapMaxMb,
                    cpuPct);
            collector.close();
        } finally {
            if (jstat != null) {
                jstat.destroy();
            }
            if (probe != null) {
                probe.destroy();
                if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                    probe.destroyForcibly();
                }
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    /** One HTTP server answering 200 to every path, as many application servers would. */
    private static HttpServer startEndpoints(Vertx vertx, AtomicLong requests) throws Exception {
        Buffer ok = Buffer.buffer("ok");
        return vertx.createHttpServer()
                .requestHandler(request -> {
                    requests.incrementAndGet();
                    request.response().putHeader("content-type", "text/plain").end(ok);
                })
                .listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /**
     * Endpoint i is served on port i / perPort: the probe's HTTP client keeps a small connection pool per host and port
     * (Vert.x' default, 5), as when endpoints sit on different servers; 2,000 endpoints behind one port would queue there.
     */
    private static Path writeConfig(Path dir, int endpoints, List<Integer> ports, int perPort, int intervalMs, int timeoutMs)
            throws IOException {
        StringBuilder yaml = new StringBuilder("tripswitch:\n  regions:\n");
        int regions = 2;
        for (int region = 0; region < regions; region++) {
            yaml.append("    r").append(region).append(":\n      endpoints:\n");
            for (int i = region; i < endpoints; i += regions) {
                yaml.append("        - id: e").append(i).append('\n')
                        .append("          url: http://127.0.0.1:").append(ports.get(i / perPort)).append("/r").append(region).append("/e").append(i)
                        .append("/health\n")
                        .append("          timeout: ").append(timeoutMs).append("ms\n");
            }
        }
        yaml.append("  groups:\n    app:\n      regions: [r0, r1]\n")
                .append("  policy:\n    interval: ").append(intervalMs).append("ms\n");
        Path file = dir.resolve("tripswitch.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** utime + stime of the process, in clock ticks (/proc/PID/stat fields 14 and 15). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String value = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return Long.parseLong(value);
        } catch (IOException | NumberFormatException e) {
            return 100;
        }
    }

    private static String scrape(int port) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String sample(String metrics, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        return matcher.find() ? matcher.group(2) : "n/a";
    }

    private static long percentile(long[] sorted, int pct) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * pct / 100))];
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            values.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        return values;
    }

    private static void log(String format, Object... values) {
        System.out.println(String.format(Locale.ROOT, format, values));
    }

    /** Reads probe-results from the beginning and keeps each endpoint's observation times. */
    private static final class ResultCollector extends Thread implements AutoCloseable {

        private final KafkaConsumer<String, ProbeResult> consumer;
        private final Map<String, LongList> times = new ConcurrentHashMap<>();
        private final Map<String, LongList> startTimes = new ConcurrentHashMap<>();
        /** observedAt and latencyMs × 2 + 1 if DOWN, of every result, pairwise. */
        private final LongList observedAndLatency = new LongList();
        private final Map<String, AtomicLong> downDetails = new ConcurrentHashMap<>();
        private final AtomicLong count = new AtomicLong();
        private volatile boolean running = true;

        ResultCollector(String bootstrap) {
            super("probe-results-reader");
            setDaemon(true);
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "probe-capacity-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    Topics.DEFAULT.probeResults.keySerde().deserializer(), Topics.DEFAULT.probeResults.valueSerde().deserializer());
            consumer.subscribe(List.of(Topics.DEFAULT.probeResults.name()));
        }

        @Override
        public void run() {
            try {
                while (running) {
                    for (ConsumerRecord<String, ProbeResult> record : consumer.poll(Duration.ofMillis(200))) {
                        ProbeResult result = record.value();
                        String endpoint = result.getRegion() + "/" + result.getEndpoint();
                        long observedAt = result.getObservedAt().toEpochMilli();
                        times.computeIfAbsent(endpoint, key -> new LongList()).add(observedAt);
                        // When the check started: observedAt is stamped when its result is published.
                        startTimes.computeIfAbsent(endpoint, key -> new LongList()).add(observedAt - result.getLatencyMs());
                        boolean down = result.getStatus() != io.tripswitch.events.ProbeStatus.UP;
                        observedAndLatency.add(observedAt, result.getLatencyMs() * 2L + (down ? 1 : 0));
                        if (result.getStatus() != io.tripswitch.events.ProbeStatus.UP) {
                            downDetails.computeIfAbsent(String.valueOf(result.getDetail()), key -> new AtomicLong()).incrementAndGet();
                        }
                        count.incrementAndGet();
                    }
                }
            } finally {
                consumer.close();
            }
        }

        long count() {
            return count.get();
        }

        Map<String, long[]> observedAtByEndpoint() {
            return copy(times);
        }

        Map<String, long[]> startedAtByEndpoint() {
            return copy(startTimes);
        }

        Map<String, AtomicLong> downDetails() {
            return downDetails;
        }

        /** Latencies of the results observed in [fromMs, toMs), and how many of them were DOWN (as the last element). */
        long[] latenciesAndDownCount(long fromMs, long toMs) {
            long[] pairs = observedAndLatency.toArray();
            LongList latencies = new LongList();
            long down = 0;
            for (int i = 0; i + 1 < pairs.length; i += 2) {
                if (pairs[i] >= fromMs && pairs[i] < toMs) {
                    latencies.add(pairs[i + 1] / 2);
                    down += pairs[i + 1] % 2;
                }
            }
            latencies.add(down);
            return latencies.toArray();
        }

        private static Map<String, long[]> copy(Map<String, LongList> lists) {
            Map<String, long[]> copy = new HashMap<>();
            lists.forEach((endpoint, list) -> copy.put(endpoint, list.toArray()));
            return copy;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            join(10_000);
        }
    }

    /** A growable array of longs, written by one thread and copied under its lock. */
    private static final class LongList {
        private long[] values = new long[128];
        private int size;

        synchronized void add(long first, long second) {
            add(first);
            add(second);
        }

        synchronized void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        synchronized long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** Samples the probe's heap with {@code jstat -gc PID 1000} (reads the JVM's perf data: no work in the probe). */
    private static final class HeapSampler {
        private final long pid;
        private volatile double maxUsedMb;
        private volatile double maxOldMb;
        private volatile int samples;

        HeapSampler(long pid) {
            this.pid = pid;
        }

        Process start() throws IOException {
            Process jstat = new ProcessBuilder("jstat", "-gc", Long.toString(pid), "1000").redirectErrorStream(true).start();
            Thread reader = new Thread(() -> read(jstat), "jstat-reader");
            reader.setDaemon(true);
            reader.start();
            return jstat;
        }

        private void read(Process jstat) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.US_ASCII))) {
                List<String> header = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    String[] columns = JSTAT_SPACES.split(line.trim());
                    if (columns.length > 0 && columns[0].equals("S0C")) {
                        header = List.of(columns);
                        continue;
                    }
                    if (header == null || columns.length != header.size()) {
                        continue;
                    }
                    double usedKb = value(header, columns, "S0U") + value(header, columns, "S1U") + value(header, columns, "EU")
                            + value(header, columns, "OU");
                    maxUsedMb = Math.max(maxUsedMb, usedKb / 1024);
                    maxOldMb = Math.max(maxOldMb, value(header, columns, "OU") / 1024);
                    samples++;
                }
            } catch (IOException | NumberFormatException e) {
                // jstat ended with the probe
            }
        }

        private static double value(List<String> header, String[] columns, String name) {
            return Double.parseDouble(columns[header.indexOf(name)]);
        }

        double maxUsedMb() {
            return maxUsedMb;
        }

        double maxOldMb() {
            return maxOldMb;
        }

        int samples() {
            return samples;
        }
    }
}
