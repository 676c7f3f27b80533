package io.tripswitch.decision.api;

import java.time.Instant;

/**
 * A traffic group as the read API shows it (JSON).
 *
 * @param holdDownUntil until when no further automatic failover is made (null when none holds)
 * @param lastDecisionId the id of the latest decision (null before the first one)
 */
public record GroupView(String group, String activeRegion, long epoch, boolean frozen, Instant holdDownUntil, String lastDecisionId,
        Instant updatedAt) {
}
