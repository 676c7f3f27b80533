package io.tripswitch.decision.topology;

import io.tripswitch.decision.domain.Deployment;
import io.tripswitch.events.ProbeResult;
import java.util.Optional;

/** Checks a decoded probe result against the deployment before it can count as evidence. */
final class ProbeResultValidation {

    private ProbeResultValidation() {
    }

    /** Why the record cannot be used, if it cannot. */
    static Optional<String> problemWith(String key, ProbeResult result, Deployment deployment) {
        if (!deployment.knowsRegion(result.getRegion())) {
            return Optional.of("unknown region '" + result.getRegion() + "'");
        }
        if (!result.getRegion().equals(key)) {
            return Optional.of("key '" + key + "' is not the record's region '" + result.getRegion() + "'");
        }
        return Optional.empty();
    }
}
