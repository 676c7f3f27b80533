package io.tripswitch.decision.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A decision that sets a group's active region, with the evidence it was taken on.
 *
 * @param standbyRegions the group's other regions, in priority order
 * @param evidence the health of the group's regions when the decision was taken, in priority order
 * @param operator who forced it, for an OPERATOR decision
 * @param replicationLagMs the largest replica lag of the new active region, when its stores were measured
 */
public record Decision(String decisionId, String group, long epoch, Action action, String activeRegion, String previousRegion,
        List<String> standbyRegions, String reason, List<RegionAssessment> evidence, Instant decidedAt, Optional<String> operator,
        OptionalLong replicationLagMs) {

    /** Why the active region changed. */
    public enum Action { FAILOVER, FAILBACK, OPERATOR }

    public Decision {
        standbyRegions = List.copyOf(standbyRegions);
        evidence = List.copyOf(evidence);
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(replicationLagMs, "replicationLagMs");
    }

    /** Automatic decisions count towards the flap breaker; an operator's do not. */
    public boolean isAutomatic() {
        return action != Action.OPERATOR;
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
