package io.tripswitch.decision.domain;

import java.util.Optional;

/** What one evaluation of a group's policy yields: the group's state afterwards, and the decision if one was taken. */
public record PolicyOutcome(GroupStatus state, Optional<Decision> decision) {

    public static PolicyOutcome unchanged(GroupStatus state) {
        return new PolicyOutcome(state, Optional.empty());
    }
}
