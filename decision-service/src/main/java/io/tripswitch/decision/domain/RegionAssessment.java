package io.tripswitch.decision.domain;

import java.time.Instant;
import java.util.List;

/**
 * A region's state across observers with quorum, and the evidence behind it (DESIGN.md, "Failover policy" 3).
 *
 * @param observersConfigured observers counted towards quorum (C)
 * @param observersReporting counted observers, not excused, whose view is not STALE (when every counted observer is
 *        excused: 1 if the region's own view is UP and decided it, else 0)
 * @param observersDown counted observers, not excused, that see the region DOWN (all of C for a region DOWN by the first pass)
 * @param endpointsUp endpoints UP in the majority view of the reporting counted observers (their median)
 * @param since when the region entered this state
 * @param views every observer's view, counted or not (the region's own view is recorded here), excused ones marked
 * @param observersExcused counted observers excused because their own region is DOWN
 */
public record RegionAssessment(String region, Status status, int observersConfigured, int observersReporting,
        int observersDown, int endpointsTotal, int endpointsUp, Instant since, Instant evaluatedAt, List<RegionView> views,
        int observersExcused) {

    /** A region's state across observers. */
    public enum Status { UP, SUSPECT, DOWN, UNKNOWN }

    public RegionAssessment {
        views = List.copyOf(views);
    }

    /** An assessment in which no observer is excused. */
    public RegionAssessment(String region, Status status, int observersConfigured, int observersReporting, int observersDown,
            int endpointsTotal, int endpointsUp, Instant since, Instant evaluatedAt, List<RegionView> views) {
        this(region, status, observersConfigured, observersReporting, observersDown, endpointsTotal, endpointsUp, since, evaluatedAt, views, 0);
    }

    /**
     * DEGRADED (DESIGN.md, "Failover policy" 3; an alert, not a state): more than half of the region's endpoints
     * are down in the majority view — the seed's "more than 50% of application servers". Only said of a region
     * that some counted observer reports on and that is not DOWN (DOWN says more); silence is not degradation.
     */
    public boolean isDegraded() {
        int down = endpointsTotal - endpointsUp;
        return observersReporting > 0 && status != Status.DOWN && status != Status.UNKNOWN && 2 * down > endpointsTotal;
    }

    /**
     * Whether the other assessment says the same (state, counts and each view's state), ignoring the times;
     * region health is published only when this changes.
     */
    public boolean saysSameAs(RegionAssessment other) {
        return other != null
                && region.equals(other.region)
                && status == other.status
                && observersConfigured == other.observersConfigured
                && observersReporting == other.observersReporting
                && observersDown == other.observersDown
                && endpointsTotal == other.endpointsTotal
                && endpointsUp == other.endpointsUp
                && observersExcused == other.observersExcused
                && viewStates().equals(other.viewStates());
    }

    private List<String> viewStates() {
        return views.stream().map(view -> view.observer() + "=" + view.status() + "/" + view.endpointsUp() + (view.excused() ? "/excused" : "")).toList();
    }
}
