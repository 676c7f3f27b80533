package io.tripswitch.decision.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns what the observers have seen of a region into the region's state, by quorum
 * (DESIGN.md, "Failover policy" 3). With C the counted observers, D those that see the region DOWN and
 * R those not STALE, in this order: DOWN when |D| ≥ quorum; UNKNOWN when |R| < quorum; SUSPECT when
 * |D| ≥ 1; else UP. The order matters: a quorum of DOWN views is an outage even if other observers are
 * silent, while silence alone can only ever make a region UNKNOWN.
 */
public final class RegionEvaluator {

    private final Deployment deployment;
    private final HealthRules rules;
    private final Clock clock;

    public RegionEvaluator(Deployment deployment, HealthRules rules, Clock clock) {
        this.deployment = deployment;
        this.rules = rules;
        this.clock = clock;
    }

    /** The region's state now; {@code since} carries over from the previous assessment while the state holds. */
    public RegionAssessment evaluate(RegionObservations observations, Optional<RegionAssessment> previous) {
        Instant now = clock.instant();
        String region = observations.region();
        List<String> endpoints = deployment.endpointsOf(region);
        List<String> counted = deployment.countedObservers(region, rules);

        List<RegionView> views = new ArrayList<>();
        observations.observers().forEach((observer, seen) ->
                views.add(RegionView.assess(observer, endpoints, seen.endpoints(), seen.lastSeen(), rules, now)));

        List<RegionView> countedViews = views.stream().filter(view -> counted.contains(view.observer())).toList();
        List<RegionView> reporting = countedViews.stream().filter(view -> view.status() != RegionView.Status.STALE).toList();
        long down = countedViews.stream().filter(view -> view.status() == RegionView.Status.DOWN).count();
        int quorum = rules.quorumFor(counted.size());

        RegionAssessment.Status status;
        if (down >= quorum) {
            status = RegionAssessment.Status.DOWN;
        } else if (reporting.size() < quorum) {
            status = RegionAssessment.Status.UNKNOWN;
        } else if (down >= 1) {
            status = RegionAssessment.Status.SUSPECT;
        } else {
            status = RegionAssessment.Status.UP;
        }

        Instant since = previous.filter(p -> p.status() == status).map(RegionAssessment::since).orElse(now);
        return new RegionAssessment(region, status, counted.size(), reporting.size(), (int) down, endpoints.size(),
                medianEndpointsUp(reporting), since, now, views);
    }

    /** What a majority of reporting observers see: the lower median of their endpoint counts (0 when none report). */
    private static int medianEndpointsUp(List<RegionView> reporting) {
        int[] counts = reporting.stream().mapToInt(RegionView::endpointsUp).sorted().toArray();
        return counts.length == 0 ? 0 : counts[(counts.length - 1) / 2];
    }

    /** The assessment of a region nothing has been heard about. */
    public RegionAssessment unheard(String region) {
        return evaluate(RegionObservations.empty(region), Optional.empty());
    }
}
