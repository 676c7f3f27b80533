package io.tripswitch.probe.check;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The active region of each traffic group as last published on {@code tripswitch.group-state}; empty for a group
 * whose state is not known (yet). Thread-safe: written by the group-state consumer, read by every DNS check.
 */
public final class ActiveRegions {

    private final Map<String, String> byGroup = new ConcurrentHashMap<>();

    /** Records the group's latest state; the topic's order is the truth, so the newer record always wins. */
    public void activate(String group, String region) {
        byGroup.put(Objects.requireNonNull(group, "group"), Objects.requireNonNull(region, "region"));
    }

    /** Forgets a group (a tombstone on the compacted topic). */
    public void forget(String group) {
        byGroup.remove(group);
    }

    /** The group's active region, if known. */
    public Optional<String> of(String group) {
        return Optional.ofNullable(byGroup.get(group));
    }
}
