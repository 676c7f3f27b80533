package io.tripswitch.actuator.domain;

/**
 * Decides what a resync does with one target, from what reading it showed and what the actuator knew of it.
 * A target off its desired state has drifted when it was confirmed in that very state (someone changed it
 * behind the actuator's back) or when nothing is known of it (first look after a start: the actuator cannot
 * tell, so it says so); it is merely converging when the application of that state is running or failed, or it
 * was last confirmed at an older epoch. Drift follows the drift policy; convergence is always applied (that is the
 * level trigger). A target that reads right but whose own last change is unfinished (UNSETTLED) converges too.
 */
public final class ResyncPlanner {

    /** The action for one target. */
    public enum Step {
        /** In state: nothing to change (alerts about the target resolve). */
        NOTHING,
        /** Could not be read: a FAILED actuation and ACTUATION_FAILED. */
        REPORT_UNREADABLE,
        /** Converge: apply (APPLIED), no drift alert. */
        CONVERGE,
        /** Drift repaired: DRIFT_DETECTED, apply (DRIFT_REPAIRED). */
        REPAIR_DRIFT,
        /** Drift reported only: DRIFT_DETECTED, nothing changed. */
        REPORT_DRIFT,
        /** Dry run: a DRY_RUN actuation, nothing changed. */
        PREVIEW,
        /** The target carries a newer epoch than the desired state: never moved back, DRIFT_DETECTED says so. */
        LEAVE_AHEAD,
        /** Kafka unheard longer than max-silence: the view cannot be confirmed, nothing is changed (fail static). */
        HOLD_SILENT
    }

    /** The step and whether DRIFT_DETECTED must fire. */
    public record Plan(Step step, boolean driftAlert) {
    }

    private final DriftPolicy driftPolicy;
    private final boolean dryRun;

    public ResyncPlanner(DriftPolicy driftPolicy, boolean dryRun) {
        this.driftPolicy = driftPolicy;
        this.dryRun = dryRun;
    }

    public Plan plan(Inspection.State state, TargetLedger.Entry known, long desiredEpoch) {
        return switch (state) {
            case IN_STATE -> new Plan(Step.NOTHING, false);
            case UNREADABLE -> new Plan(Step.REPORT_UNREADABLE, false);
            case DRIFTED -> drifted(known, desiredEpoch);
            // our own change is unfinished, not someone else's: finish it, no drift alert
            case UNSETTLED -> new Plan(dryRun ? Step.PREVIEW : Step.CONVERGE, false);
            case AHEAD -> new Plan(Step.LEAVE_AHEAD, false);
        };
    }

    /**
     * Like {@link #plan(Inspection.State, TargetLedger.Entry, long)} for an actuator that has not heard from Kafka for
     * longer than max-silence: whatever would change the target is held (fail static); drift is still said.
     */
    public Plan planSilent(Inspection.State state, TargetLedger.Entry known, long desiredEpoch) {
        Plan plan = plan(state, known, desiredEpoch);
        return switch (plan.step()) {
            case CONVERGE, REPAIR_DRIFT -> new Plan(Step.HOLD_SILENT, plan.driftAlert());
            default -> plan;
        };
    }

    private Plan drifted(TargetLedger.Entry known, long desiredEpoch) {
        boolean converging = known.unsettledEpoch().isPresent() && known.unsettledEpoch().getAsLong() == desiredEpoch
                || known.confirmedEpoch().isPresent() && known.confirmedEpoch().getAsLong() < desiredEpoch;
        if (dryRun) {
            // nothing is ever applied in a dry run, so only a target seen right and then changed has drifted
            boolean seenRight = known.confirmedEpoch().isPresent() && known.confirmedEpoch().getAsLong() == desiredEpoch;
            return new Plan(Step.PREVIEW, seenRight);
        }
        if (converging) {
            return new Plan(Step.CONVERGE, false);
        }
        return driftPolicy == DriftPolicy.REPAIR ? new Plan(Step.REPAIR_DRIFT, true) : new Plan(Step.REPORT_DRIFT, true);
    }
}
