package io.tripswitch.probe.lag;

import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The canary writes a probe has made and had acknowledged, so that what a replica shows can be turned into a lag.
 * A replica showing the newest write is not behind, however long ago that write was made, so an idle table never
 * looks lagging. A replica lacking the newest write is behind by at least the age of the oldest write it lacks and
 * at most the age of the newest write it shows; the upper bound is taken (the figure gates failover, so it errs
 * towards "behind"), which is too high by less than one canary interval. A replica that stops applying keeps
 * showing the same write, so its lag grows with the clock.
 */
public final class CanaryLedger {

    /** Writes remembered; a replica showing an older one is aged from the value it shows (a time on the probe's clock). */
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
     * zero when it shows the newest acknowledged write; else the age of the write it shows (since its acknowledgement,
     * or since the value itself, a time on this probe's clock, for a write made before the ledger's memory); with no
     * canary at all, the age of the oldest write remembered.
     */
    public synchronized long lagMs(OptionalLong visible, long readAtMs) {
        if (isCurrent(visible)) {
            return 0;
        }
        long since;
        if (visible.isPresent()) {
            since = acknowledged.getOrDefault(visible.getAsLong(), visible.getAsLong());
        } else {
            since = acknowledged.firstEntry().getValue();
        }
        return Math.max(0, readAtMs - since);
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
