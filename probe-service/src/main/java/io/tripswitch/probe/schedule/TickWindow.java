package io.tripswitch.probe.schedule;

import java.time.Duration;

/**
 * Ticks and late ticks of the last {@code window}, counted in a ring of fixed time slots so recording costs two
 * increments and nothing grows with the number of ticks. Times are monotonic nanoseconds given by the caller.
 */
public final class TickWindow {

    private static final int SLOTS = 12;

    private final long slotNanos;
    private final long[] slotIndex = new long[SLOTS];
    private final long[] ticks = new long[SLOTS];
    private final long[] late = new long[SLOTS];

    public TickWindow(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.slotNanos = Math.max(1, window.toNanos() / SLOTS);
        java.util.Arrays.fill(slotIndex, Long.MIN_VALUE);
    }

    /** Counts {@code count} ticks started at {@code nowNanos}, {@code lateCount} of them late. */
    public synchronized void record(long nowNanos, long count, long lateCount) {
        long index = Math.floorDiv(nowNanos, slotNanos);
        int slot = (int) Math.floorMod(index, SLOTS);
        if (slotIndex[slot] != index) {
            slotIndex[slot] = index;
            ticks[slot] = 0;
            late[slot] = 0;
        }
        ticks[slot] += count;
        late[slot] += lateCount;
    }

    /** Ticks of the last window ending at {@code nowNanos} (the current slot included, so up to one slot more than the window). */
    public synchronized Counts counts(long nowNanos) {
        long current = Math.floorDiv(nowNanos, slotNanos);
        long total = 0;
        long lateTotal = 0;
        for (int slot = 0; slot < SLOTS; slot++) {
            if (slotIndex[slot] > current - SLOTS && slotIndex[slot] <= current) {
                total += ticks[slot];
                lateTotal += late[slot];
            }
        }
        return new Counts(total, lateTotal);
    }

    /** Ticks started in a window and how many of them late. */
    public record Counts(long ticks, long late) {

        /** Late ticks as a share of all ticks, 0 when there was none. */
        public double lateShare() {
            return ticks == 0 ? 0 : (double) late / ticks;
        }
    }
}
