package io.tripswitch.actuator.domain;

/** What a resync does with a target that drifted from a state it was known to be in. */
public enum DriftPolicy {
    /** Raise DRIFT_DETECTED and converge the target (Actuation DRIFT_REPAIRED). */
    REPAIR,
    /** Raise DRIFT_DETECTED and change nothing. */
    REPORT
}
