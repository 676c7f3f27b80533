package io.tripswitch.actuator.wiring;

import io.quarkus.runtime.StartupEvent;
import io.tripswitch.actuator.domain.DecisionApplier;
import io.tripswitch.config.TripswitchConfig;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Builds the applier at startup so a bad {@code tripswitch.yaml} stops the service before any decision is read. */
@Singleton
public class StartupCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class);

    void onStart(@Observes StartupEvent event, DecisionApplier applier, TripswitchConfig config) {
        LOG.infof("dns-actuator ready: groups %s, %d DNS and %d HAProxy targets, dry-run=%s", config.groups().keySet(),
                config.actuator().dns().size(), config.actuator().haproxy().size(), config.actuator().dryRun());
    }
}
