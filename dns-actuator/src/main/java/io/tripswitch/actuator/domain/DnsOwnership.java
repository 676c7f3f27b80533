package io.tripswitch.actuator.domain;

/**
 * Which groups' DNS targets this actuator drives now: one actuator of the deployment at a time per group, handed over
 * when that one dies (docs/decisions/0014). HAProxy instances are not owned this way: each is its region's actuator's.
 */
@FunctionalInterface
public interface DnsOwnership {

    /** Whether this actuator drives {@code group}'s DNS targets now. */
    boolean owns(String group);

    /** A single actuator (no region configured): it owns every DNS target. */
    static DnsOwnership everything() {
        return group -> true;
    }
}
