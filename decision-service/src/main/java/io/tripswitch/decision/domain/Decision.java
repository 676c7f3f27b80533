package io.tripswitch.decision.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A decision that sets a group's active region, with the evidence it was taken on.
 *
 * @param standbyRegions the group's other regions, in priority order
 * @param evidence the health of the group's regions when the decision was taken, in priority order
 */
public record Decision(String decisionId, String group, long epoch, Action action, String activeRegion, String previousRegion,
        List<String> standbyRegions, String reason, List<RegionAssessment> evidence, Instant decidedAt) {

    /** Why the active region changed. */
    public enum Action { FAILOVER, FAILBACK, OPERATOR }

    public Decision {
        standbyRegions = List.copyOf(standbyRegions);
        evidence = List.copyOf(evidence);
    }

    /**
     * A decision id derived from what identifies the decision (group, epoch, time), so reprocessing the same
     * input after a crash yields the same id rather than a second, different-looking decision.
     */
    public static String idFor(String group, long epoch, Instant decidedAt) {
        String name = group + "/" + epoch + "/" + decidedAt.toEpochMilli();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
