package io.tripswitch.decision.domain;

import java.time.Instant;
import java.util.List;

/**
 * A region's state across observers with quorum, and the evidence behind it (DESIGN.md, "Failover policy" 3).
 *
 * @param observersConfigured observers counted towards quorum
 * @param observersReporting counted observers whose view is not STALE
 * @param observersDown counted observers that see the region DOWN
 * @param endpointsUp endpoints UP in the majority view of the reporting counted observers (their median)
 * @param since when the region entered this state
 * @param views every observer's view, counted or not (the region's own view is recorded here)
 */
public record RegionAssessment(String region, Status status, int observersConfigured, int observersReporting,
        int observersDown, int endpointsTotal, int endpointsUp, Instant since, Instant evaluatedAt, List<RegionView> views) {

    /** A region's state across observers. */
    public enum Status { UP, SUSPECT, DOWN, UNKNOWN }

    public RegionAssessment {
        views = List.copyOf(views);
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
                && viewStates().equals(other.viewStates());
    }

    private List<String> viewStates() {
        return views.stream().map(view -> view.observer() + "=" + view.status() + "/" + view.endpointsUp()).toList();
    }
}
