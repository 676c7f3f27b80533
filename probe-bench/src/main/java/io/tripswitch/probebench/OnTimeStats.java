package io.tripswitch.probebench;

import java.util.Map;

/**
 * Punctuality of published results: per endpoint, each pair of consecutive observations inside the measured window
 * is one gap; a gap is on time when it is within 10 % of the interval. A dropped or skipped check makes a gap of
 * about two intervals, so it counts as not on time.
 *
 * @param results results observed inside the window
 * @param gaps    consecutive pairs inside the window
 * @param onTime  pairs whose gap is within 10 % of the interval
 */
public record OnTimeStats(long results, long gaps, long onTime) {

    /** Share of gaps on time, in percent (100 when there is no gap). */
    public double onTimePct() {
        return gaps == 0 ? 100 : 100.0 * onTime / gaps;
    }

    /**
     * @param observedAtByEndpoint each endpoint's observation times in epoch millis, in any order
     * @param fromMs               start of the window (inclusive)
     * @param toMs                 end of the window (exclusive)
     */
    public static OnTimeStats of(Map<String, long[]> observedAtByEndpoint, long fromMs, long toMs, long intervalMs) {
        long tolerance = intervalMs / 10;
        long results = 0;
        long gaps = 0;
        long onTime = 0;
        for (long[] times : observedAtByEndpoint.values()) {
            long[] sorted = times.clone();
            java.util.Arrays.sort(sorted);
            long previous = Long.MIN_VALUE;
            for (long time : sorted) {
                if (time < fromMs || time >= toMs) {
                    continue;
                }
                results++;
                if (previous != Long.MIN_VALUE) {
                    gaps++;
                    if (Math.abs(time - previous - intervalMs) <= tolerance) {
                        onTime++;
                    }
                }
                previous = time;
            }
        }
        return new OnTimeStats(results, gaps, onTime);
    }
}
