package io.tripswitch.decision.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One check of one endpoint by one probe: its outcome and its position in event time.
 * Checks are ordered by when they were observed, then by probe and sequence, so every replica of the
 * state applies the same checks in the same order.
 */
public record Check(String probeId, long seq, boolean up, Instant observedAt) implements Comparable<Check> {

    private static final Comparator<Check> ORDER = Comparator.comparing(Check::observedAt)
            .thenComparing(Check::probeId)
            .thenComparingLong(Check::seq);

    public Check {
        Objects.requireNonNull(probeId, "probeId");
        Objects.requireNonNull(observedAt, "observedAt");
    }

    public boolean isAfter(Check other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Check other) {
        return ORDER.compare(this, other);
    }
}
