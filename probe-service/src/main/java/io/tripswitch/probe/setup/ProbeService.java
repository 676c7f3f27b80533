package io.tripswitch.probe.setup;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.probe.check.DnsCheck;
import io.tripswitch.probe.check.HaproxyCheck;
import io.tripswitch.probe.check.HttpCheck;
import io.tripswitch.probe.check.TcpCheck;
import io.tripswitch.probe.publish.ProbeResultPublisher;
import io.tripswitch.probe.schedule.CheckScheduler;
import io.tripswitch.probe.schedule.StartOffsets;
import io.tripswitch.schemas.Topics;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
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

    // Results waiting for Kafka's acknowledgement; beyond this the publisher refuses new ones (counted and logged by
    // the scheduler). The emitter's own buffer is unbounded on purpose: a full bounded buffer would fail the channel
    // for good, while this bound only drops results until Kafka is back. Issue 4 makes it configurable and a metric.
    private static final int MAX_PENDING_RESULTS = 10_000;

    private final TripswitchConfig config;
    private final Vertx vertx;
    private final Clock clock;
    private final Emitter<ProbeResult> emitter;
    private final GroupStateListener groupStates;
    private HttpCheck httpCheck;
    private TcpCheck tcpCheck;
    private CheckScheduler scheduler;

    @Inject
    public ProbeService(TripswitchConfig config, Vertx vertx, Clock clock,
            @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<ProbeResult> emitter,
            GroupStateListener groupStates) {
        this.config = config;
        this.groupStates = groupStates;
        this.vertx = vertx;
        this.clock = clock;
        this.emitter = emitter;
    }

    void onStart(@Observes StartupEvent event) {
        ProbeSettings settings = ProbeSettings.from(config);
        settings.warnings().forEach(LOG::warn);

        String topic = new Topics(config.topicPrefix()).probeResults.name();
        ProbeResultPublisher publisher = new ProbeResultPublisher(emitter, settings.probeId(), settings.observer(), topic, clock,
                ProbeResultPublisher.firstSeqAt(clock), MAX_PENDING_RESULTS);
        httpCheck = new HttpCheck(vertx);
        tcpCheck = new TcpCheck(vertx);
        DnsCheck dnsCheck = new DnsCheck(groupStates.activeRegions());
        scheduler = new CheckScheduler(vertx, List.of(httpCheck, tcpCheck, new HaproxyCheck(vertx), dnsCheck), publisher);
        scheduler.start(StartOffsets.spread(settings.targets(), settings.probeId().hashCode()));

        TreeSet<String> regions = new TreeSet<>();
        settings.targets().forEach(target -> regions.add(target.region()));
        LOG.infof("%s (observer %s) checks %d endpoints in regions %s, results to %s",
                settings.probeId(), settings.observer(), settings.targets().size(), regions, topic);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.close();
        }
        if (httpCheck != null) {
            httpCheck.close();
        }
        if (tcpCheck != null) {
            tcpCheck.close();
        }
    }
}
