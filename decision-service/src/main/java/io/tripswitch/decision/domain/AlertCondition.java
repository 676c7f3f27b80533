package io.tripswitch.decision.domain;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Something worth a human's attention, identified by {@code key}: while a condition with the same key holds it is
 * the same alert (its summary may change without a new FIRING).
 *
 * @param key identity of the condition, e.g. {@code REGION_DOWN/gra} or {@code PROBES_SILENT/gra/rbx}
 */
public record AlertCondition(String key, AlertType type, AlertType.Severity severity, Optional<String> group, Optional<String> region,
        String summary, Map<String, String> labels) {

    public AlertCondition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(summary, "summary");
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** A condition about a region. */
    public static AlertCondition ofRegion(AlertType type, AlertType.Severity severity, String region, String qualifier, String summary,
            Map<String, String> labels) {
        String key = type + "/" + region + (qualifier == null ? "" : "/" + qualifier);
        return new AlertCondition(key, type, severity, Optional.empty(), Optional.of(region), summary, labels);
    }

    /** A condition about a traffic group (optionally naming the region it concerns). */
    public static AlertCondition ofGroup(AlertType type, AlertType.Severity severity, String group, String region, String summary,
            Map<String, String> labels) {
        return new AlertCondition(type + "/" + group, type, severity, Optional.of(group), Optional.ofNullable(region), summary, labels);
    }
}
