package io.tripswitch.actuator.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the actuator last knew of each target: the epoch it was last confirmed in state at, and the epoch whose
 * application started and is not confirmed (still running, or gave up). It tells a resync whether a target off its
 * desired state drifted (it was known to be right) or is still converging (its application is running or failed, or
 * a newer state has not reached it yet).
 */
public final class TargetLedger {

    /** One target's memory. */
    public record Entry(OptionalLong confirmedEpoch, OptionalLong unsettledEpoch) {
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

    /** A decision of {@code epoch} was admitted: its application to the target is about to run. */
    public synchronized void started(String target, long epoch) {
        entries.put(target, new Entry(entry(target).confirmedEpoch(), OptionalLong.of(epoch)));
    }

    /** The application of {@code epoch} to the target gave up. */
    public synchronized void failed(String target, long epoch) {
        entries.put(target, new Entry(entry(target).confirmedEpoch(), OptionalLong.of(epoch)));
    }
}
