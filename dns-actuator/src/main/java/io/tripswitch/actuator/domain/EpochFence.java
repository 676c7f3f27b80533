package io.tripswitch.actuator.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Remembers the last admitted epoch per group so a stale or replayed decision cannot undo a newer one.
 * In memory only: restart-durable fencing (from {@code tripswitch.group-state}) is issue 5's.
 */
public final class EpochFence {

    private final Map<String, Long> lastEpoch = new HashMap<>();

    /** Admits {@code epoch} and records it when it is above the last admitted one for the group. */
    public synchronized boolean admit(String group, long epoch) {
        Long last = lastEpoch.get(group);
        if (last != null && epoch <= last) {
            return false;
        }
        lastEpoch.put(group, epoch);
        return true;
    }

    public synchronized OptionalLong last(String group) {
        Long last = lastEpoch.get(group);
        return last == null ? OptionalLong.empty() : OptionalLong.of(last);
    }
}
