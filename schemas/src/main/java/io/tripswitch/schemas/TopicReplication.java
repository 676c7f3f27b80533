package io.tripswitch.schemas;

/**
 * How many copies of each contract topic Kafka keeps ({@code replicationFactor}) and how many must have a write before
 * it is acknowledged ({@code minInsyncReplicas}). Production is {@link #PRODUCTION}: one copy per region of three, two
 * in sync, so a region's loss neither loses a decision nor stops the writers (docs/decisions/0015). A single replica
 * is only for a one-broker lab or test, and only when asked for explicitly.
 */
public record TopicReplication(short replicationFactor, short minInsyncReplicas) {

    /** Replication factor 3, {@code min.insync.replicas} 2. */
    public static final TopicReplication PRODUCTION = new TopicReplication((short) 3, (short) 2);

    /** One replica, one in sync: a one-broker lab, a test or a bench, which said so. */
    public static final TopicReplication SINGLE_REPLICA = new TopicReplication((short) 1, (short) 1);

    /** The settings' names where they came from (a config key or a command-line option), for the error messages. */
    public record Keys(String replicationFactor, String minInsyncReplicas, String allowSingleReplica) {
    }

    /**
     * Validated settings. {@code minInsyncReplicas} may be absent: then 2, or 1 for a single replica.
     *
     * @throws IllegalArgumentException naming the key: a factor below 1, a minimum in sync below 1 or above the
     *         factor, or a single replica without {@code allowSingleReplica}
     */
    public static TopicReplication of(int replicationFactor, Integer minInsyncReplicas, boolean allowSingleReplica,
            Keys keys) {
        if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException(keys.replicationFactor() + " must be at least 1, got " + replicationFactor);
        }
        int minInsync = minInsyncReplicas != null ? minInsyncReplicas : Math.min(2, replicationFactor);
        if (minInsync < 1) {
            throw new IllegalArgumentException(keys.minInsyncReplicas() + " must be at least 1, got " + minInsync);
        }
        if (minInsync > replicationFactor) {
            throw new IllegalArgumentException(keys.minInsyncReplicas() + " (" + minInsync + ") must not exceed "
                    + keys.replicationFactor() + " (" + replicationFactor + "): no write could ever be acknowledged");
        }
        if (replicationFactor == 1 && !allowSingleReplica) {
            throw new IllegalArgumentException(keys.replicationFactor() + " is 1: every topic would be lost with its "
                    + "one broker (production: 3, with min.insync.replicas 2). For a one-broker lab or test, set "
                    + keys.allowSingleReplica());
        }
        return new TopicReplication((short) replicationFactor, (short) minInsync);
    }
}
