package io.tripswitch.decision.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a traffic group's traffic goes now, and under which decision: the desired state the actuators converge to.
 *
 * @param epoch number of the decision that set the active region; 0 before any decision
 * @param frozen no automatic decision while frozen (set by operators, issue 3)
 * @param holdDownUntil no automatic decision back to the region just left before this (issue 3)
 */
public record GroupStatus(String group, String activeRegion, long epoch, boolean frozen, Optional<Instant> holdDownUntil,
        Optional<String> lastDecisionId, Instant updatedAt) {

    public GroupStatus {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(activeRegion, "activeRegion");
        Objects.requireNonNull(holdDownUntil, "holdDownUntil");
        Objects.requireNonNull(lastDecisionId, "lastDecisionId");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A group before any decision: its preferred region is active, epoch 0. */
    public static GroupStatus initial(String group, List<String> regionsInPriorityOrder, Instant now) {
        if (regionsInPriorityOrder.isEmpty()) {
            throw new IllegalArgumentException("group " + group + " has no region");
        }
        return new GroupStatus(group, regionsInPriorityOrder.get(0), 0, false, Optional.empty(), Optional.empty(), now);
    }
}
