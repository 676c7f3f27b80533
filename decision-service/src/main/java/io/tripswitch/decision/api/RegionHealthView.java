package io.tripswitch.decision.api;

import java.time.Instant;
import java.util.List;

/** A region's latest published health as the read API shows it (JSON): its state by quorum and every observer's view. */
public record RegionHealthView(String region, String state, int observersConfigured, int observersReporting, int observersDown,
        int observersExcused, int endpointsTotal, int endpointsUp, Instant since, Instant evaluatedAt, List<ObserverView> views) {

    /** The state shown for the view of an observer whose own region is DOWN: it does not count. */
    public static final String EXCUSED = "EXCUSED";

    /**
     * One observer's view of the region.
     *
     * @param state {@link #EXCUSED} when the observer's own region is DOWN, else what it sees (UP, DOWN, STALE)
     * @param seen what it sees, excused or not
     */
    public record ObserverView(String observer, String state, String seen, int endpointsUp, Instant lastSeen) {
    }
}
