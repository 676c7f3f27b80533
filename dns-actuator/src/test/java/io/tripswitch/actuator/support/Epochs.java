package io.tripswitch.actuator.support;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Epochs for test decisions, rising across every test class of the JVM: the running service keeps its
 * fence between tests and classes, so a class run later must never come in below an earlier one.
 */
public final class Epochs {

    private static final AtomicLong LAST = new AtomicLong(1_000);

    private Epochs() {
    }

    public static long next() {
        return LAST.incrementAndGet();
    }

    /** Reserves {@code count} epochs and returns the highest. */
    public static long skip(int count) {
        return LAST.addAndGet(count);
    }
}
