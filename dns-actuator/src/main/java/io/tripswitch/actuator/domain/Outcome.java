package io.tripswitch.actuator.domain;

import java.util.Objects;

/** What one attempt on one target came to, with a human-readable detail (never a secret). */
public record Outcome(Result result, String detail) {

    /** The kinds of outcome an attempt can have; mirrors the Actuation event's outcome enum. */
    public enum Result {
        APPLIED, ALREADY_IN_STATE, FAILED, DRY_RUN, REJECTED, DRIFT_REPAIRED
    }

    public Outcome {
        Objects.requireNonNull(result, "result");
    }

    public static Outcome applied(String detail) {
        return new Outcome(Result.APPLIED, detail);
    }

    public static Outcome alreadyInState(String detail) {
        return new Outcome(Result.ALREADY_IN_STATE, detail);
    }

    public static Outcome failed(String detail) {
        return new Outcome(Result.FAILED, detail);
    }

    public static Outcome dryRun(String detail) {
        return new Outcome(Result.DRY_RUN, detail);
    }

    public static Outcome rejected(String detail) {
        return new Outcome(Result.REJECTED, detail);
    }

    public static Outcome driftRepaired(String detail) {
        return new Outcome(Result.DRIFT_REPAIRED, detail);
    }

    public boolean failed() {
        return result == Result.FAILED;
    }

    /** The target is (now) in the state asked for. */
    public boolean inState() {
        return result == Result.APPLIED || result == Result.ALREADY_IN_STATE || result == Result.DRIFT_REPAIRED;
    }
}
