package io.tripswitch.decision.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a traffic group's traffic goes now, under which decision, and what the policy remembers between
 * evaluations (hold-down, the flap breaker's history, the failback timer).
 *
 * @param epoch number of the decision that set the active region; 0 before any decision
 * @param frozen no automatic decision while frozen (by an operator, or by the flap breaker)
 * @param holdDownUntil until then, no automatic decision sends traffic back to {@code regionLeft}
 * @param regionLeft the region the last decision moved traffic away from
 * @param flapFrozen whether the flap breaker froze the group (FLAP_FROZEN holds until an operator unfreezes)
 * @param automaticDecisions when the automatic decisions of the current flap window were taken
 * @param preferredReadySince since when the preferred region has been UP and ready while not active (failback timer)
 */
public record GroupStatus(String group, String activeRegion, long epoch, boolean frozen, Optional<Instant> holdDownUntil,
        Optional<String> lastDecisionId, Instant updatedAt, Optional<String> regionLeft, boolean flapFrozen,
        List<Instant> automaticDecisions, Optional<Instant> preferredReadySince) {

    public GroupStatus {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(activeRegion, "activeRegion");
        Objects.requireNonNull(holdDownUntil, "holdDownUntil");
        Objects.requireNonNull(lastDecisionId, "lastDecisionId");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(regionLeft, "regionLeft");
        automaticDecisions = List.copyOf(automaticDecisions);
        Objects.requireNonNull(preferredReadySince, "preferredReadySince");
    }

    /** A state with no policy memory (no hold-down, no flap history, no failback timer). */
    public GroupStatus(String group, String activeRegion, long epoch, boolean frozen, Optional<Instant> holdDownUntil,
            Optional<String> lastDecisionId, Instant updatedAt) {
        this(group, activeRegion, epoch, frozen, holdDownUntil, lastDecisionId, updatedAt, Optional.empty(), false, List.of(), Optional.empty());
    }

    /** A group before any decision: its preferred region is active, epoch 0. */
    public static GroupStatus initial(String group, List<String> regionsInPriorityOrder, Instant now) {
        if (regionsInPriorityOrder.isEmpty()) {
            throw new IllegalArgumentException("group " + group + " has no region");
        }
        return new GroupStatus(group, regionsInPriorityOrder.get(0), 0, false, Optional.empty(), Optional.empty(), now);
    }

    /** Whether hold-down bars an automatic decision sending traffic to {@code region} at {@code now}. */
    public boolean isBarred(String region, Instant now) {
        return regionLeft.map(region::equals).orElse(false) && holdDownUntil.map(now::isBefore).orElse(false);
    }

    /** Whether the fields published on {@code tripswitch.group-state} differ (the rest is the policy's memory). */
    public boolean publishesDifferentlyFrom(GroupStatus other) {
        return !activeRegion.equals(other.activeRegion) || epoch != other.epoch || frozen != other.frozen
                || !holdDownUntil.equals(other.holdDownUntil) || !lastDecisionId.equals(other.lastDecisionId);
    }

    GroupStatus withFrozen(boolean isFrozen, boolean byFlapBreaker, List<Instant> decisions, Instant now) {
        return new GroupStatus(group, activeRegion, epoch, isFrozen, holdDownUntil, lastDecisionId, now, regionLeft, byFlapBreaker,
                decisions, preferredReadySince);
    }

    GroupStatus withoutHoldDown() {
        return holdDownUntil.isEmpty() ? this : new GroupStatus(group, activeRegion, epoch, frozen, Optional.empty(), lastDecisionId, updatedAt,
                regionLeft, flapFrozen, automaticDecisions, preferredReadySince);
    }

    GroupStatus withPreferredReadySince(Optional<Instant> since) {
        return since.equals(preferredReadySince) ? this : new GroupStatus(group, activeRegion, epoch, frozen, holdDownUntil, lastDecisionId,
                updatedAt, regionLeft, flapFrozen, automaticDecisions, since);
    }

    /** Drops automatic decisions older than {@code horizon}: they no longer count towards the flap breaker. */
    GroupStatus forgettingDecisionsBefore(Instant horizon) {
        List<Instant> kept = new ArrayList<>(automaticDecisions.stream().filter(at -> !at.isBefore(horizon)).toList());
        return kept.size() == automaticDecisions.size() ? this : new GroupStatus(group, activeRegion, epoch, frozen, holdDownUntil,
                lastDecisionId, updatedAt, regionLeft, flapFrozen, kept, preferredReadySince);
    }
}
