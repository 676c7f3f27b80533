package io.tripswitch.decision.domain;

import java.util.List;

/**
 * What one evaluation of a group's policy yields.
 *
 * @param state the group's state afterwards
 * @param decisions the decisions taken, in order (at most an operator's and then an automatic one)
 * @param holding every group alert condition that holds now (the alert lifecycle fires and resolves from this set)
 * @param events one-shot alerts (a failover happened, a command was rejected)
 */
public record PolicyOutcome(GroupStatus state, List<Decision> decisions, List<AlertCondition> holding, List<AlertCondition> events) {

    public PolicyOutcome {
        decisions = List.copyOf(decisions);
        holding = List.copyOf(holding);
        events = List.copyOf(events);
    }
}
