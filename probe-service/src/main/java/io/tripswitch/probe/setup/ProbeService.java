package io.tripswitch.probe.setup;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.probe.check.DnsCheck;
import io.tripswitch.probe.check.HaproxyCheck;
import io.tripswitch.probe.check.HttpCheck;
import io.tripswitch.probe.check.TcpCheck;
import io.tripswitch.probe.ops.MeteredResultSink;
import io.tripswitch.probe.ops.ProbeMetrics;
import io.tripswitch.probe.publish.ProbeResultPublisher;
import io.tripswitch.probe.schedule.CheckLoopStatus;
import io.tripswitch.probe.schedule.CheckScheduler;
import io.tripswitch.probe.schedule.StartOffsets;
import io.tripswitch.schemas.Topics;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Wires the probe at startup: validates {@code tripswitch.yaml} (a bad file stops the service with the key
 * named), then checks every endpoint on Quarkus' Vert.x and publishes each outcome; stops the checks on shutdown.
 */
@ApplicationScoped
public class ProbeService {

    /** Channel of the ProbeResult producer (see application.properties). */
    public static final String CHANNEL = "probe-results";

    private static final Logger LOG = Logger.getLogger(ProbeService.class);

    private final TripswitchConfig config;
    private final Vertx vertx;
    private final Clock clock;
    private final Emitter<ProbeResult> emitter;
    private final GroupStateListener groupStates;
    private final MeterRegistry registry;
    private HttpCheck httpCheck;
    private TcpCheck tcpCheck;
    private volatile ProbeResultPublisher publisher;
    private volatile CheckScheduler scheduler;

    @Inject
    // The emitter's own buffer is unbounded on purpose: a full bounded buffer would fail the channel for good, while
    // the publisher's bound (tripswitch.probe.max-pending-results) only drops results, counted, until Kafka is back.
    public ProbeService(TripswitchConfig config, Vertx vertx, Clock clock,
            @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<ProbeResult> emitter, MeterRegistry registry,
            GroupStateListener groupStates) {
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
        this.emitter = emitter;
        this.registry = registry;
        this.groupStates = groupStates;
    }

    void onStart(@Observes StartupEvent event) {
        ProbeSettings settings = ProbeSettings.from(config);
        settings.warnings().forEach(LOG::warn);

        String topic = new Topics(config.topicPrefix()).probeResults.name();
        ProbeResultPublisher publisher = new ProbeResultPublisher(emitter, settings.probeId(), settings.observer(), topic, clock,
                ProbeResultPublisher.firstSeqAt(clock), config.probe().maxPendingResults());
        httpCheck = new HttpCheck(vertx);
        tcpCheck = new TcpCheck(vertx);
        MeteredResultSink sink = new MeteredResultSink(registry, publisher).register(settings.targets());
        DnsCheck dnsCheck = new DnsCheck(groupStates.activeRegions());
        CheckScheduler scheduler = new CheckScheduler(vertx, List.of(httpCheck, tcpCheck, new HaproxyCheck(vertx), dnsCheck), sink);
        ProbeMetrics.bind(registry, publisher, scheduler);
        this.publisher = publisher;
        this.scheduler = scheduler;
        scheduler.start(StartOffsets.spread(settings.targets(), settings.probeId().hashCode()));

        TreeSet<String> regions = new TreeSet<>();
        settings.targets().forEach(target -> regions.add(target.region()));
        LOG.infof("%s (observer %s) checks %d endpoints in regions %s, results to %s (at most %d waiting for Kafka)",
                settings.probeId(), settings.observer(), settings.targets().size(), regions, topic, publisher.maxPending());
    }

    /** The publisher once started: its pending, dropped and failed counts (health, metrics). */
    public Optional<ProbeResultPublisher> publisher() {
        return Optional.ofNullable(publisher);
    }

    /** The check loop's punctuality once started. */
    public Optional<CheckLoopStatus> checkLoopStatus() {
        CheckScheduler current = scheduler;
        return current == null ? Optional.empty() : Optional.of(current.status());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.close();
        }
        ProbeMetrics.unbind(registry);
        if (httpCheck != null) {
            httpCheck.close();
        }
        if (tcpCheck != null) {
            tcpCheck.close();
        }
    }
}
