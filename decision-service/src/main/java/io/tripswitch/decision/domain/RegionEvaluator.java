package io.tripswitch.decision.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns what the observers see of every region into every region's state, by quorum (DESIGN.md, "Failover policy" 3).
 * All regions are judged together, from one set of views, because an observer's vote depends on its own region:
 * <ol>
 * <li>First pass, with C the region's counted observers: DOWN when at least {@code quorum} of them see it DOWN.</li>
 * <li>An observer whose own region is DOWN by the first pass is <em>excused</em>: a dead or cut-off region's probes are
 *     silent or see everything down, and say nothing about anyone else.</li>
 * <li>Second pass, for every region not DOWN yet, with E the observers of C not excused, D those of E that see it DOWN,
 *     R those of E not STALE, q = {@code quorum} when E = C, else ⌊|E|/2⌋ + 1; in this order: DOWN when E ≠ C and
 *     |D| ≥ q (a second region lost after a first); UNKNOWN when |R| < q; SUSPECT when |D| ≥ 1; else UP. When E is
 *     empty (two regions, the other one DOWN), the region's own observer decides between UP and UNKNOWN, never DOWN.</li>
 * </ol>
 * The order matters: a quorum of DOWN views is an outage even if other observers are silent, silence alone can only
 * ever make a region UNKNOWN, and an excused observer never helps call a region DOWN.
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

    /** Every observer's view of one region now, from what it reported. */
    public List<RegionView> views(RegionObservations observations) {
        return observations.views(deployment.endpointsOf(observations.region()), rules, clock.instant());
    }

    /**
     * The state of every region in {@code viewsByRegion} now; {@code since} carries over from {@code previous} while a
     * region's state holds.
     */
    public Map<String, RegionAssessment> evaluate(Map<String, List<RegionView>> viewsByRegion, Map<String, RegionAssessment> previous) {
        Instant now = clock.instant();
        Set<String> excused = new TreeSet<>();
        viewsByRegion.forEach((region, views) -> {
            if (downByFirstPass(region, views)) {
                excused.add(region); // a region is also an observer, by the same id
            }
        });
        Map<String, RegionAssessment> result = new TreeMap<>();
        viewsByRegion.forEach((region, views) -> result.put(region, assess(region, views, excused, previous.get(region), now)));
        return result;
    }

    /** The state of one region judged alone: its own observer may be excused, no other (the first pass, for one region). */
    public RegionAssessment evaluate(String region, List<RegionView> views, RegionAssessment previous) {
        return evaluate(Map.of(region, views), previous == null ? Map.of() : Map.of(region, previous)).get(region);
    }

    private boolean downByFirstPass(String region, List<RegionView> views) {
        List<String> counted = deployment.countedObservers(region, rules);
        long down = views.stream().filter(view -> counted.contains(view.observer()) && view.status() == RegionView.Status.DOWN).count();
        return down >= rules.quorumFor(counted.size());
    }

    private RegionAssessment assess(String region, List<RegionView> allViews, Set<String> excused, RegionAssessment previous, Instant now) {
        List<String> counted = deployment.countedObservers(region, rules);
        List<RegionView> views = allViews.stream().map(view -> view.excused(excused.contains(view.observer()))).toList();
        boolean firstPassDown = excused.contains(region);
        // E: the counted observers whose views count; every one of C for a region already DOWN by the first pass.
        List<RegionView> voting = views.stream().filter(view -> counted.contains(view.observer()) && (firstPassDown || view.counts())).toList();
        int excusedCount = (int) counted.stream().filter(excused::contains).count();
        boolean someExcused = !firstPassDown && excusedCount > 0;
        int electorate = firstPassDown ? counted.size() : counted.size() - excusedCount;
        List<RegionView> reporting = voting.stream().filter(view -> view.status() != RegionView.Status.STALE).toList();
        long down = voting.stream().filter(view -> view.status() == RegionView.Status.DOWN).count();
        int quorum = someExcused ? electorate / 2 + 1 : rules.quorumFor(counted.size());

        RegionAssessment.Status status;
        if (firstPassDown || someExcused && electorate > 0 && down >= quorum) {
            status = RegionAssessment.Status.DOWN;
        } else if (electorate == 0) {
            // Nobody left to ask but the region itself (two regions, the other DOWN): it can vouch for being UP, never DOWN.
            reporting = views.stream().filter(view -> view.observer().equals(region) && view.status() == RegionView.Status.UP).toList();
            status = reporting.isEmpty() ? RegionAssessment.Status.UNKNOWN : RegionAssessment.Status.UP;
        } else if (reporting.size() < quorum) {
            status = RegionAssessment.Status.UNKNOWN;
        } else if (down >= 1) {
            status = RegionAssessment.Status.SUSPECT;
        } else {
            status = RegionAssessment.Status.UP;
        }
        Instant since = previous != null && previous.status() == status ? previous.since() : now;
        return new RegionAssessment(region, status, counted.size(), reporting.size(), (int) down, deployment.endpointsOf(region).size(),
                medianEndpointsUp(reporting), since, now, views, firstPassDown ? 0 : excusedCount);
    }

    /** What a majority of reporting observers see: the lower median of their endpoint counts (0 when none report). */
    private static int medianEndpointsUp(List<RegionView> reporting) {
        int[] counts = reporting.stream().mapToInt(RegionView::endpointsUp).sorted().toArray();
        return counts.length == 0 ? 0 : counts[(counts.length - 1) / 2];
    }
}
