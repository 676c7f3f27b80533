package io.tripswitch.decision.topology;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * The wall clock of a Kafka Streams task as a {@link Clock} for the domain. It is the clock that drives
 * wall-clock punctuation, so staleness in the domain and the punctuation that re-evaluates it share one
 * notion of now — in production the system clock, under {@code TopologyTestDriver} the mocked one moved by
 * {@code advanceWallClockTime}.
 */
final class StreamsClock extends Clock {

    private final LongSupplier millis;

    StreamsClock(LongSupplier millis) {
        this.millis = millis;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("decision-service time is UTC");
    }

    @Override
    public long millis() {
        return millis.getAsLong();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
