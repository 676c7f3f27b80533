package io.tripswitch.probe.check;

import io.smallrye.mutiny.Uni;

/**
 * One kind of check. Implementations are non-blocking and never fail the returned {@link Uni}:
 * every problem (refused, timed out, bad answer) is a DOWN {@link CheckOutcome} with a detail.
 */
public interface Check {

    /** The kind of target this check handles. */
    CheckKind kind();

    /** Checks the target once; completes within about the target's timeout. */
    Uni<CheckOutcome> run(CheckTarget target);
}
