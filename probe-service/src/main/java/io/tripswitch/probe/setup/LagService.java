package io.tripswitch.probe.setup;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.events.ReplicationLag;
import io.tripswitch.probe.ops.ProbeMetrics;
import io.tripswitch.probe.publish.ProbeResultPublisher;
import io.tripswitch.probe.publish.ReplicationLagPublisher;
import io.tripswitch.probe.schedule.LagScheduler;
import io.tripswitch.schemas.Topics;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Wires the replication lag probes at startup: one per store with connection settings, each measured every
 * {@code tripswitch.probe.lag-interval} within {@code lag-timeout}, every reading published as ReplicationLag;
 * closes them on shutdown. Apart from {@link ProbeService} so endpoint checks and lag probes evolve separately.
 */
@ApplicationScoped
public class LagService {

    /** Channel of the ReplicationLag producer (see application.properties). */
    public static final String CHANNEL = "replication-lag";

    private static final Logger LOG = Logger.getLogger(LagService.class);

    // Readings waiting for Kafka's acknowledgement; beyond this new ones are refused (counted and logged by the
    // scheduler). A few stores every few seconds: hours of readings, little memory.
    private static final int MAX_PENDING_READINGS = 10_000;

    private final TripswitchConfig config;
    private final Vertx vertx;
    private final Clock clock;
    private final Emitter<ReplicationLag> emitter;
    private final MeterRegistry registry;
    private LagScheduler scheduler;
    private List<LagScheduler.MeasuredStore> stores = List.of();

    @Inject
    public LagService(TripswitchConfig config, Vertx vertx, Clock clock,
            @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<ReplicationLag> emitter, MeterRegistry registry) {
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
        this.emitter = emitter;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        // Validates the whole file too: whichever startup observer runs first stops a bad file with the key named.
        ProbeSettings settings = ProbeSettings.from(config);
        LagProbes probes = LagProbes.from(config, vertx, settings.probeId(), clock, System::getenv);
        probes.warnings().forEach(LOG::warn);
        stores = probes.stores();
        if (stores.isEmpty()) {
            return;
        }
        String topic = new Topics(config.topicPrefix()).replicationLag.name();
        ReplicationLagPublisher publisher = new ReplicationLagPublisher(emitter, settings.probeId(), settings.observer(), topic, clock,
                ProbeResultPublisher.firstSeqAt(clock), MAX_PENDING_READINGS);
        scheduler = new LagScheduler(vertx, publisher, config.probe().lagInterval(), config.probe().lagTimeout());
        // Removed at shutdown with the other probe meters (ProbeMetrics.unbind, from ProbeService).
        ProbeMetrics.bindLag(registry, publisher, scheduler);
        scheduler.start(stores, (settings.probeId() + "/lag").hashCode());
        LOG.infof("%s measures the replication lag of stores %s every %d ms, readings to %s", settings.probeId(),
                stores.stream().map(store -> store.probe().store()).toList(), config.probe().lagInterval().toMillis(), topic);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.close();
        }
        stores.forEach(store -> store.probe().close());
    }
}
