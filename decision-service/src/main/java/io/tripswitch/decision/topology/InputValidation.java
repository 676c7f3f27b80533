package io.tripswitch.decision.topology;

import io.tripswitch.decision.domain.Deployment;
import io.tripswitch.events.CommandType;
import io.tripswitch.events.OperatorCommand;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.ReplicationLag;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What makes a decoded input record unusable (DESIGN.md, "Failover policy" 10–11): it names a region or store
 * the deployment does not have, its key is not what the contract keys it by, a required field is empty, a number
 * is negative, or it is stamped further in the future than {@code maxClockSkew} (a probe with a broken clock
 * must not push event time, nor hold evidence "fresh" for hours). Such records go to the dead-letter topic.
 * An operator command naming an unknown group or region is valid input: the policy rejects it with an alert.
 */
final class InputValidation {

    private InputValidation() {
    }

    static Optional<String> probeResult(String key, ProbeResult result, Deployment deployment, Instant now, Duration maxClockSkew) {
        return firstOf(
                empty("probeId", result.getProbeId()),
                empty("observer", result.getObserver()),
                empty("endpoint", result.getEndpoint()),
                deployment.knowsRegion(result.getRegion()) ? null : "unknown region '" + result.getRegion() + "'",
                result.getRegion().equals(key) ? null : "key '" + key + "' is not the record's region '" + result.getRegion() + "'",
                result.getLatencyMs() < 0 ? "negative latencyMs " + result.getLatencyMs() : null,
                result.getSeq() < 0 ? "negative seq " + result.getSeq() : null,
                future("observedAt", result.getObservedAt(), now, maxClockSkew));
    }

    static Optional<String> replicationLag(String key, ReplicationLag lag, Deployment deployment, Instant now, Duration maxClockSkew) {
        return firstOf(
                empty("probeId", lag.getProbeId()),
                empty("observer", lag.getObserver()),
                empty("store", lag.getStore()),
                deployment.knowsStore(lag.getStore()) ? null : "unknown store '" + lag.getStore() + "'",
                deployment.knowsRegion(lag.getReplicaRegion()) ? null : "unknown region '" + lag.getReplicaRegion() + "'",
                lag.getReplicaRegion().equals(key) ? null : "key '" + key + "' is not the record's replicaRegion '" + lag.getReplicaRegion() + "'",
                lag.getLagMs() != null && lag.getLagMs() < 0 ? "negative lagMs " + lag.getLagMs() : null,
                lag.getLagBytes() != null && lag.getLagBytes() < 0 ? "negative lagBytes " + lag.getLagBytes() : null,
                future("observedAt", lag.getObservedAt(), now, maxClockSkew));
    }

    static Optional<String> operatorCommand(String key, OperatorCommand command, Instant now, Duration maxClockSkew) {
        return firstOf(
                empty("commandId", command.getCommandId()),
                empty("group", command.getGroup()),
                empty("operator", command.getOperator()),
                command.getGroup().equals(key) ? null : "key '" + key + "' is not the command's group '" + command.getGroup() + "'",
                command.getType() == CommandType.FAILOVER_TO && (command.getTargetRegion() == null || command.getTargetRegion().isBlank())
                        ? "FAILOVER_TO without targetRegion" : null,
                future("issuedAt", command.getIssuedAt(), now, maxClockSkew));
    }

    private static String empty(String field, String value) {
        return value == null || value.isBlank() ? "missing " + field : null;
    }

    private static String future(String field, Instant at, Instant now, Duration maxClockSkew) {
        return at.isAfter(now.plus(maxClockSkew))
                ? field + " " + at + " is " + Duration.between(now, at).toMillis() + " ms in the future (max clock skew " + maxClockSkew.toMillis() + " ms)"
                : null;
    }

    private static Optional<String> firstOf(String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return Optional.of(problem);
            }
        }
        return Optional.empty();
    }
}
