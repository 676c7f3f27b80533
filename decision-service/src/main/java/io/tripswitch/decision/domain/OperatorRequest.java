package io.tripswitch.decision.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** An operator's command to a traffic group (DESIGN.md, "Failover policy" 8). */
public record OperatorRequest(String commandId, Type type, Optional<String> targetRegion, String operator, String reason, Instant issuedAt) {

    /** What the operator asks for. */
    public enum Type { FREEZE, UNFREEZE, FAILOVER_TO }

    public OperatorRequest {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(targetRegion, "targetRegion");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }
}
