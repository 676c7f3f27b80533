package io.tripswitch.decision.domain;

/** The alerts the decision-service raises (a subset of the contract's alert types, same names). */
public enum AlertType {
    REGION_SUSPECT, REGION_DOWN, REGION_DEGRADED, REGION_RECOVERED, PROBES_SILENT,
    FAILOVER, FAILOVER_BLOCKED, FAILBACK_READY, ALL_REGIONS_DOWN, COMMAND_REJECTED, FLAP_FROZEN;

    /** How urgent an alert is. */
    public enum Severity { INFO, WARNING, CRITICAL }
}
