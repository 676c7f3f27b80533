package io.tripswitch.decision.topology;

import io.tripswitch.decision.domain.ActiveAlert;
import io.tripswitch.decision.domain.GroupStatus;
import io.tripswitch.decision.domain.RegionAssessment;
import io.tripswitch.decision.domain.ReplicaLag;
import java.util.Map;
import java.util.TreeMap;

/** What the group policy processor keeps per group in its store: the policy state, the facts heard, the alerts firing. */
record GroupMemory(GroupStatus status, Map<String, RegionAssessment> health, Map<String, ReplicaLag> lags, Map<String, ActiveAlert> alerts) {

    GroupMemory {
        health = new TreeMap<>(health);
        lags = new TreeMap<>(lags);
        alerts = new TreeMap<>(alerts);
    }
}
