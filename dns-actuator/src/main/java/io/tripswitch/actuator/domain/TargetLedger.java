package io.tripswitch.actuator.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the actuator last knew of each target: the epoch it was last confirmed in state at, and the epoch
 * whose application last failed. It tells a resync whether a target off its desired state drifted (it was
 * known to be right) or is still converging (its application failed, or a newer state has not reached it yet).
 */
public final class TargetLedger {

    /** One target's memory. */
    public record Entry(OptionalLong confirmedEpoch, OptionalLong failedEpoch) {
        static final Entry UNKNOWN = new Entry(OptionalLong.empty(), OptionalLong.empty());
    }

    private final Map<String, Entry> entries = new HashMap<>();

    public synchronized Entry entry(String target) {
        return entries.getOrDefault(target, Entry.UNKNOWN);
    }

    /** The target was seen (or made) in the state of {@code epoch}. */
    public synchronized void confirmed(String target, long epoch) {
        entries.put(target, new Entry(OptionalLong.of(epoch), OptionalLong.empty()));
    }

    /** The application of {@code epoch} to the target gave up. */
    public synchronized void failed(String target, long epoch) {
        entries.put(target, new Entry(entry(target).confirmedEpoch(), OptionalLong.of(epoch)));
    }
}
