package io.tripswitch.decision.domain;

import java.util.Optional;

/**
 * State of one endpoint as seen from one observer, with HAProxy's rise/fall semantics: an UP endpoint
 * turns DOWN after {@code fall} consecutive failed checks, a DOWN one turns UP after {@code rise}
 * consecutive good checks; a check of the other outcome resets the streak.
 *
 * <p>An endpoint's first check is applied to an UP state with no history: it takes {@code fall} real failures to
 * turn it DOWN (the same detection time as any other outage), and nothing is ever DOWN merely because it is new.
 * Before its first check an endpoint has no state at all: it is unknown, never UP ({@link RegionView#assess}).
 *
 * @param up whether the endpoint is currently UP
 * @param goodStreak consecutive good checks up to the last applied one
 * @param badStreak consecutive failed checks up to the last applied one
 * @param lastApplied the newest check applied, so a check is never applied twice nor out of order
 */
public record EndpointHealth(boolean up, int goodStreak, int badStreak, Optional<Check> lastApplied) {

    /** The state an endpoint's first check is applied to (not a state to read: an endpoint never checked is unknown). */
    public static EndpointHealth beforeFirstCheck() {
        return new EndpointHealth(true, 0, 0, Optional.empty());
    }

    /** Whether this check is newer than every check applied so far. */
    public boolean isNew(Check check) {
        return lastApplied.map(check::isAfter).orElse(true);
    }

    /** This state after one more check; a check that is not new leaves the state unchanged. */
    public EndpointHealth apply(Check check, HealthRules rules) {
        if (!isNew(check)) {
            return this;
        }
        if (check.up()) {
            int streak = goodStreak + 1;
            return new EndpointHealth(up || streak >= rules.rise(), streak, 0, Optional.of(check));
        }
        int streak = badStreak + 1;
        return new EndpointHealth(up && streak < rules.fall(), 0, streak, Optional.of(check));
    }
}
