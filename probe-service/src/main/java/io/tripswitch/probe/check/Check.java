package io.tripswitch.probe.check;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * One kind of check. Implementations are non-blocking and never fail the returned {@link Uni}:
 * every problem (refused, timed out, bad answer) is a DOWN {@link CheckOutcome} with a detail.
 */
public interface Check {

    /** The kind of target this check handles. */
    CheckKind kind();

    /** Checks the target once; completes within about the target's timeout. */
    Uni<CheckOutcome> run(CheckTarget target);

    /**
     * Checks the target once and says what was seen of which endpoint: by default the target itself; a check
     * that sees several things at once (an HAProxy's servers) reports each under its own endpoint id.
     */
    default Uni<List<Observation>> observe(CheckTarget target) {
        return run(target).map(outcome -> List.of(new Observation(target, outcome)));
    }
}
