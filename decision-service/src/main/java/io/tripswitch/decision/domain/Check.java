package io.tripswitch.decision.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One check of one endpoint by one probe: its outcome and its position in event time.
 * Checks are ordered by when they were observed, then by probe and sequence, so every replica of the
 * state applies the same checks in the same order.
 */
public record Check(String probeId, long seq, boolean up, Instant observedAt) implements Comparable<Check> {

    public Check {
        Objects.requireNonNull(probeId, "probeId");
        Objects.requireNonNull(observedAt, "observedAt");
    }

    public boolean isAfter(Check other) {
        return compareTo(other) > 0;
    }

    // Written out rather than a Comparator chain: it runs for every probe result (see ../../DESIGN.md, "Throughput").
    @Override
    public int compareTo(Check other) {
        int byTime = observedAt.compareTo(other.observedAt);
        if (byTime != 0) {
            return byTime;
        }
        int byProbe = probeId.compareTo(other.probeId);
        return byProbe != 0 ? byProbe : Long.compare(seq, other.seq);
    }
}
