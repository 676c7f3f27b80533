package io.tripswitch.actuator.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tripswitch.actuator.wiring.ActuatorWiring;
import io.tripswitch.config.TripswitchConfig;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The level trigger's clock: once the desired state is loaded, a resync at start and then every
 * {@code tripswitch.actuator.resync-interval} (measured from the end of the previous one, so passes never overlap).
 */
@Singleton
public class ResyncLoop {

    private static final Logger LOG = Logger.getLogger(ResyncLoop.class);
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(2);

    @Inject
    ActuatorWiring.Actuator actuator;

    @Inject
    DesiredStateFollower follower;

    @Inject
    TripswitchConfig config;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "actuator-resync");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    KafkaPresence presence;

    void onStart(@Observes StartupEvent event) {
        long interval = config.actuator().resyncInterval().toMillis();
        scheduler.execute(this::awaitDesiredState);
        scheduler.scheduleWithFixedDelay(this::resync, 0, interval, TimeUnit.MILLISECONDS);
        presence.start(this::tookOver);
    }

    void onStop(@Observes ShutdownEvent event) {
        presence.close(); // leaves the ownership group: another actuator takes the DNS over at once
        scheduler.shutdownNow();
    }

    /**
     * This actuator has just come to own {@code groups}' DNS (at start, or because their owner died): their desired
     * state is due at once, converged quietly (the previous owner may have died half-way), in a pass run now.
     */
    private void tookOver(Set<String> groups) {
        actuator.fence().snapshot().forEach((group, desired) -> {
            if (groups.contains(group)) {
                actuator.reconciler().expect(group, desired.epoch());
            }
        });
        LOG.infof("took over the DNS of %s: resyncing now", groups);
        scheduler.execute(this::resync);
    }

    private void awaitDesiredState() {
        try {
            if (!follower.awaitLoaded(LOAD_TIMEOUT)) {
                LOG.warnf("desired state not loaded after %s; resyncing with what is known", LOAD_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void resync() {
        try {
            int reports = actuator.reconciler().resync().size();
            LOG.debugf("resync done: %d actuation(s)", reports);
        } catch (RuntimeException e) {
            // one failed pass must not end the schedule
            LOG.errorf(e, "resync failed");
        }
    }
}
