package io.tripswitch.decision.topology;

import io.tripswitch.events.OperatorCommand;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.events.ReplicationLag;

/**
 * What reaches a traffic group's policy, re-keyed by group into one repartition topic so that every input of a
 * group is handled by one task, in order: a region's health, a replica's lag, or an operator's command.
 * Exactly one field is set.
 */
record GroupInput(RegionHealth health, ReplicationLag lag, OperatorCommand command) {

    static GroupInput of(RegionHealth health) {
        return new GroupInput(health, null, null);
    }

    static GroupInput of(ReplicationLag lag) {
        return new GroupInput(null, lag, null);
    }

    static GroupInput of(OperatorCommand command) {
        return new GroupInput(null, null, command);
    }
}
