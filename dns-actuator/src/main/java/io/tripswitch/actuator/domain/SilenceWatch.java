package io.tripswitch.actuator.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When the actuator last heard from Kafka, and whether that is longer ago than {@code max-silence}: an actuator cut
 * off from its control plane for that long can no longer confirm its view, so it stops changing targets on its own
 * (fail static) until it hears Kafka again (DESIGN.md "Owned"; docs/decisions/0014). Silence counts from the start.
 */
public final class SilenceWatch {

    private final Clock clock;
    private final Duration maxSilence;
    private volatile Instant lastHeard;

    public SilenceWatch(Clock clock, Duration maxSilence) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxSilence = Objects.requireNonNull(maxSilence, "maxSilence");
        this.lastHeard = clock.instant();
    }

    /** A watch that never reports silence (an actuator built without Kafka, e.g. in unit tests of other rules). */
    public static SilenceWatch never(Clock clock) {
        return new SilenceWatch(clock, Duration.ofSeconds(Long.MAX_VALUE / 2));
    }

    /** Kafka answered now (a poll, an offsets request, a record). */
    public void heard() {
        lastHeard = clock.instant();
    }

    /** How long since Kafka last answered. */
    public Duration silentFor() {
        Duration silent = Duration.between(lastHeard, clock.instant());
        return silent.isNegative() ? Duration.ZERO : silent;
    }

    /** Kafka unheard for longer than max-silence. */
    public boolean silent() {
        return silentFor().compareTo(maxSilence) > 0;
    }

    /** Kafka heard within {@code bound} (an ownership is only trusted while its membership could still be alive). */
    public boolean heardWithin(Duration bound) {
        return silentFor().compareTo(bound) <= 0;
    }

    public Duration maxSilence() {
        return maxSilence;
    }
}
