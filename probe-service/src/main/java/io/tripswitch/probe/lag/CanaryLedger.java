package io.tripswitch.probe.lag;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The canary writes a probe has made and had acknowledged, so that what a replica shows can be turned into a lag:
 * the time for which the oldest write the replica does not show yet has been acknowledged in the source region.
 * A replica showing the newest write is not behind, however long ago that write was made, so an idle table never
 * looks lagging; a replica that stops applying keeps showing the same write, so its lag grows with the clock.
 */
public final class CanaryLedger {

    /** Writes remembered; beyond this the oldest are forgotten and a replica stuck before them reads as at least this far behind. */
    static final int CAPACITY = 1024;

    // written value (ms, strictly increasing) → when the source region acknowledged it (ms)
    private final TreeMap<Long, Long> acknowledged = new TreeMap<>();

    /** The value to write next: the clock's reading, or one more than the last value if the clock has not moved on. */
    public synchronized long nextValue(long nowMs) {
        return acknowledged.isEmpty() ? nowMs : Math.max(nowMs, acknowledged.lastKey() + 1);
    }

    /** Remembers a write the source region acknowledged at {@code acknowledgedAtMs}. */
    public synchronized void acknowledged(long valueMs, long acknowledgedAtMs) {
        acknowledged.put(valueMs, acknowledgedAtMs);
        while (acknowledged.size() > CAPACITY) {
            acknowledged.pollFirstEntry();
        }
    }

    /**
     * How far behind a replica is that showed {@code visible} (empty: no canary at all) when read at {@code readAtMs}:
     * zero when it shows the newest acknowledged write, else how long the oldest write it does not show has been
     * acknowledged.
     */
    public synchronized long lagMs(OptionalLong visible, long readAtMs) {
        Map.Entry<Long, Long> firstUnseen = visible.isPresent() ? acknowledged.higherEntry(visible.getAsLong()) : acknowledged.firstEntry();
        return firstUnseen == null ? 0 : Math.max(0, readAtMs - firstUnseen.getValue());
    }

    /** How long ago, at {@code readAtMs}, the source region acknowledged the write of {@code valueMs} (zero if unknown). */
    public synchronized long sinceAcknowledged(long valueMs, long readAtMs) {
        Long acknowledgedAt = acknowledged.get(valueMs);
        return acknowledgedAt == null ? 0 : Math.max(0, readAtMs - acknowledgedAt);
    }

    /** Whether a replica showing {@code visible} shows the newest acknowledged write. */
    public synchronized boolean isCurrent(OptionalLong visible) {
        return acknowledged.isEmpty() || visible.isPresent() && visible.getAsLong() >= acknowledged.lastKey();
    }
}
