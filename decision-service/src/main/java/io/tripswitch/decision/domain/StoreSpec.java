package io.tripswitch.decision.domain;

import java.util.List;
import java.util.Optional;

/**
 * A replicated data store whose lag gates failover.
 *
 * @param replicas regions holding a replica whose lag is measured
 * @param primary region of the primary, if the store has one: writes go there, so it is never behind
 */
public record StoreSpec(String id, List<String> replicas, Optional<String> primary) {

    public StoreSpec {
        replicas = List.copyOf(replicas);
    }

    public boolean isPrimaryIn(String region) {
        return primary.map(region::equals).orElse(false);
    }

    public boolean hasReplicaIn(String region) {
        return replicas.contains(region);
    }
}
