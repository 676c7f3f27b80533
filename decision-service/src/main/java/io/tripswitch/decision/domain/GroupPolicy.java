package io.tripswitch.decision.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The failover rule of a traffic group (DESIGN.md, "Failover policy" 5, the walking-skeleton part): when the
 * active region is DOWN and the group is not frozen, the first other region in priority order that is UP
 * becomes active, with the epoch + 1. If no other region is UP nothing changes (fail static: traffic is
 * never routed to nowhere). Only DOWN triggers a failover: UNKNOWN, SUSPECT and silence never do. There
 * is no failback here: when the preferred region recovers the group stays where it is (manual failback).
 *
 * <p>Still to come (issue 3): replication-lag readiness, hold-down, flap breaker, failback, operator
 * commands and the alerts (FAILOVER_BLOCKED, ALL_REGIONS_DOWN) for the cases that now change nothing.
 */
public final class GroupPolicy {

    private final Clock clock;

    public GroupPolicy(Clock clock) {
        this.clock = clock;
    }

    /**
     * Evaluates a group.
     *
     * @param regions the group's regions in priority order
     * @param health the latest assessment of each region heard about; a region absent here is not UP
     */
    public PolicyOutcome evaluate(GroupStatus state, List<String> regions, Map<String, RegionAssessment> health) {
        if (state.frozen() || !isDown(health.get(state.activeRegion()))) {
            return PolicyOutcome.unchanged(state);
        }
        Optional<String> target = regions.stream()
                .filter(region -> !region.equals(state.activeRegion()))
                .filter(region -> isUp(health.get(region)))
                .findFirst();
        return target.map(region -> failover(state, region, regions, health)).orElseGet(() -> PolicyOutcome.unchanged(state));
    }

    private PolicyOutcome failover(GroupStatus state, String target, List<String> regions, Map<String, RegionAssessment> health) {
        Instant now = clock.instant();
        long epoch = state.epoch() + 1;
        String decisionId = Decision.idFor(state.group(), epoch, now);
        RegionAssessment left = health.get(state.activeRegion());
        String reason = String.format("%s DOWN (%d of %d counted observers see it down, quorum met); %s is the first UP region in priority order",
                state.activeRegion(), left.observersDown(), left.observersConfigured(), target);
        Decision decision = new Decision(decisionId, state.group(), epoch, Decision.Action.FAILOVER, target, state.activeRegion(),
                regions.stream().filter(region -> !region.equals(target)).toList(), reason,
                regions.stream().filter(health::containsKey).map(health::get).toList(), now);
        GroupStatus next = new GroupStatus(state.group(), target, epoch, state.frozen(), state.holdDownUntil(),
                Optional.of(decisionId), now);
        return new PolicyOutcome(next, Optional.of(decision));
    }

    private static boolean isDown(RegionAssessment assessment) {
        return assessment != null && assessment.status() == RegionAssessment.Status.DOWN;
    }

    private static boolean isUp(RegionAssessment assessment) {
        return assessment != null && assessment.status() == RegionAssessment.Status.UP;
    }
}
