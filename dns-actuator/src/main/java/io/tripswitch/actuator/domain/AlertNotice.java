package io.tripswitch.actuator.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** One alert transition (FIRING or RESOLVED) the actuator raises; published as an Alert event keyed by group. */
public record AlertNotice(String alertId, Kind kind, Severity severity, Status status, String group, String region,
        String summary, Map<String, String> labels, Instant at) {

    /** The alert types the actuator raises; names match the Alert event's AlertType. */
    public enum Kind {
        ACTUATION_FAILED, DRIFT_DETECTED
    }

    /** Names match the Alert event's Severity. */
    public enum Severity {
        INFO, WARNING, CRITICAL
    }

    /** Names match the Alert event's AlertStatus. */
    public enum Status {
        FIRING, RESOLVED
    }

    public AlertNotice {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(group, "group");
        labels = Map.copyOf(labels);
    }
}
