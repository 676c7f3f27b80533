package io.tripswitch.actuator.domain;

import java.util.Objects;

/**
 * What this actuator may change now: a shared target (DNS) only while it owns the target's group, and nothing on its
 * own initiative (resync) while Kafka has been silent longer than max-silence. Decisions themselves come from Kafka,
 * so an actuator applying one has just heard it.
 */
public final class Authority {

    private final DnsOwnership ownership;
    private final SilenceWatch silence;

    public Authority(DnsOwnership ownership, SilenceWatch silence) {
        this.ownership = Objects.requireNonNull(ownership, "ownership");
        this.silence = Objects.requireNonNull(silence, "silence");
    }

    /** Whether this actuator drives {@code target} now. */
    public boolean drives(Target target) {
        return !target.shared() || ownership.owns(target.group());
    }

    public SilenceWatch silence() {
        return silence;
    }
}
