package io.tripswitch.actuator.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * One thing that must follow a group's active region (a DNS record set, an HAProxy instance). Adapters
 * keep their protocol behind this interface so new providers (Route 53, OVH) plug in without touching
 * the decision logic. Implementations never throw: failures come back as {@link Outcome.Result#FAILED}.
 */
public interface Target {

    /** Stable name used in Actuation events, e.g. {@code dns:rfc2136:example.test./app} or {@code haproxy:gra-lb/app}. */
    String name();

    /** The traffic group this target follows. */
    String group();

    /** Why this target cannot point at {@code region} (no addresses / backend configured for it), or empty if it can. */
    Optional<String> refusal(String region);

    /** Makes the target point at {@code region}; APPLIED, ALREADY_IN_STATE or FAILED. */
    Outcome apply(String region, long epoch);

    /**
     * The longest one attempt may legitimately take beyond network round trips (Route 53: waiting for INSYNC); the
     * attempt timeout is stretched to cover it, so a slow but healthy provider is not cut off and retried.
     */
    default Duration slowestAttempt() {
        return Duration.ZERO;
    }

    /**
     * Exercises the connection a change would use, changing nothing, so that the first change after a start does not
     * pay that path's first-run costs; returns a problem it met (the server refused the key...), or empty.
     */
    default Optional<String> preflight() {
        return Optional.empty();
    }

    /** Reads the target and compares it with what {@code region} needs, changing nothing (resync, drift detection). */
    Inspection inspect(String region);

    /**
     * Like {@link #inspect(String)} for the desired state at {@code epoch}: a target that carries a newer epoch than that
     * (written by a newer decision, docs/decisions/0014) reads {@link Inspection.State#AHEAD}. Targets that keep no
     * epoch answer {@link #inspect(String)}.
     */
    default Inspection inspect(String region, long epoch) {
        return inspect(region);
    }

    /**
     * Whether one actuator of the deployment drives this target at a time (a DNS record set: only while it owns the
     * group's DNS), rather than the actuator of the target's own region (an HAProxy instance).
     */
    default boolean shared() {
        return false;
    }

    /** Computes what {@link #apply} would do without changing anything; DRY_RUN or FAILED. */
    Outcome preview(String region, long epoch);
}
