package io.tripswitch.decision.ha;

import io.tripswitch.events.CheckType;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.schemas.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Two probes (gra watching rbx, rbx watching gra and itself, two endpoints each) reporting every 300 ms with the wall clock
 * as observedAt, as the probe-service does; {@link #failGra()} makes rbx see gra's endpoints fail from then on.
 */
public final class ProbeFeed implements AutoCloseable {

    private static final Topics TOPICS = Topics.DEFAULT;

    private final KafkaProducer<String, ProbeResult> producer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "probe-feed"));
    private final AtomicBoolean graFailing = new AtomicBoolean();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();

    public ProbeFeed(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producer = new KafkaProducer<>(props, TOPICS.probeResults.keySerde().serializer(), TOPICS.probeResults.valueSerde().serializer());
        timer.scheduleAtFixedRate(this::round, 0, 300, TimeUnit.MILLISECONDS);
    }

    public void failGra() {
        graFailing.set(true);
    }

    public long rounds() {
        return rounds.get();
    }

    private void round() {
        for (String endpoint : List.of("app1", "app2")) {
            // Each probe checks every region, its own too: once gra is DOWN, rbx's own view is what vouches for rbx.
            send("gra", "rbx", endpoint, ProbeStatus.UP);
            send("rbx", "rbx", endpoint, ProbeStatus.UP);
            send("rbx", "gra", endpoint, graFailing.get() ? ProbeStatus.DOWN : ProbeStatus.UP);
        }
        producer.flush();
        rounds.incrementAndGet();
    }

    private void send(String observer, String region, String endpoint, ProbeStatus status) {
        // One sequence for both probes: contiguous enough, and never reused.
        producer.send(new ProducerRecord<>(TOPICS.probeResults.name(), region, new ProbeResult("probe-" + observer, observer, region, endpoint,
                CheckType.HTTP, status, 2, status == ProbeStatus.UP ? null : "HTTP 503", Instant.now(), seq.incrementAndGet(), 300)));
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        producer.close();
    }
}
