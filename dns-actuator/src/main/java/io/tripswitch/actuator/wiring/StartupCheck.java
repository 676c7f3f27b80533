package io.tripswitch.actuator.wiring;

import io.quarkus.runtime.StartupEvent;
import io.tripswitch.actuator.domain.DecisionApplier;
import io.tripswitch.actuator.domain.Outcome;
import io.tripswitch.actuator.domain.Target;
import io.tripswitch.actuator.domain.TrafficGroup;
import io.tripswitch.config.TripswitchConfig;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Builds the applier at startup so a bad {@code tripswitch.yaml} stops the service before any decision is read,
 * and reports whether each target can be reached.
 */
@Singleton
public class StartupCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class);

    void onStart(@Observes StartupEvent event, DecisionApplier applier, TripswitchConfig config) {
        LOG.infof("dns-actuator ready: groups %s, %d DNS and %d HAProxy targets, dry-run=%s, resync every %s, drift=%s",
                config.groups().keySet(), config.actuator().dns().size(), config.actuator().haproxy().size(), config.actuator().dryRun(),
                config.actuator().resyncInterval(), config.actuator().drift());
        reportReachability(applier);
    }

    /**
     * Reads every target once (a preview changes nothing): an unreachable target shows at startup rather than
     * at the first failover, and the first decision does not pay for cold protocol code paths.
     */
    private static void reportReachability(DecisionApplier applier) {
        for (TrafficGroup group : applier.groups().values()) {
            String preferred = group.regions().get(0);
            for (Target target : group.targets()) {
                Outcome outcome = target.preview(preferred, 0);
                if (outcome.failed()) {
                    LOG.warnf("target %s is not reachable at startup: %s", target.name(), outcome.detail());
                } else {
                    LOG.infof("target %s reachable: %s", target.name(), outcome.detail());
                }
            }
        }
    }
}
