package io.tripswitch.probe.schedule;

import java.util.List;

/**
 * How punctual the check loop is, as the health checks report it.
 *
 * @param targets       targets scheduled
 * @param overdue       names of targets (at most {@link #MAX_NAMED}) whose last completed check is older than
 *                      {@code 2 × interval + timeout}: two ticks in a row lost, or a check that never ends
 * @param overdueCount  how many targets are overdue in all
 * @param recent        ticks of the last minute, and how many started later than 10 % of their interval
 * @param skippedTicks  ticks skipped since start because the previous check of the target was still running
 * @param missedTicks   ticks skipped since start because they came a whole interval late (catch-up after a pause)
 */
public record CheckLoopStatus(int targets, List<String> overdue, int overdueCount, TickWindow.Counts recent, long skippedTicks,
        long missedTicks) {

    /** Overdue targets named in the status; the count says how many there are in all. */
    public static final int MAX_NAMED = 5;

    public CheckLoopStatus {
        overdue = List.copyOf(overdue);
    }
}
