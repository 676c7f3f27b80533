package io.tripswitch.decision.api;

import java.time.Instant;
import java.util.List;

/** A region's latest published health as the read API shows it (JSON): its state by quorum and every observer's view. */
public record RegionHealthView(String region, String state, int observersConfigured, int observersReporting, int observersDown,
        int endpointsTotal, int endpointsUp, Instant since, Instant evaluatedAt, List<ObserverView> views) {

    /** One observer's view of the region. */
    public record ObserverView(String observer, String state, int endpointsUp, Instant lastSeen) {
    }
}
