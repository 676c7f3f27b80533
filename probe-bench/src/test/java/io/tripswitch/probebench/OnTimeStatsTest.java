package io.tripswitch.probebench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OnTimeStatsTest {

    @Test
    void shouldCountGapsWithinATenthOfTheIntervalAsOnTime() {
        // given one endpoint at 1 s: gaps of 1000, 1100 (on the edge), 1101 (late), 899 (early)
        Map<String, long[]> times = Map.of("a", new long[] {0, 1000, 2100, 3201, 4100});

        // when
        OnTimeStats stats = OnTimeStats.of(times, 0, 10_000, 1000);

        // then
        assertThat(stats).isEqualTo(new OnTimeStats(5, 4, 2));
        assertThat(stats.onTimePct()).isEqualTo(50.0);
    }

    @Test
    void shouldCountAMissingResultAsOneLateGapAndIgnoreResultsOutsideTheWindow() {
        // given two endpoints; b misses its result at 3000; both have results before the window (warm-up) and after it
        Map<String, long[]> times = Map.of(
                "a", new long[] {-1000, 1000, 2000, 3000, 4000, 9000},
                "b", new long[] {4010, 1010, -990, 2010, 9010});

        // when the window is [0, 5000)
        OnTimeStats stats = OnTimeStats.of(times, 0, 5000, 1000);

        // then a: 4 results, 3 gaps on time; b: 3 results (order does not matter), gaps 1000 and 2000
        assertThat(stats).isEqualTo(new OnTimeStats(7, 5, 4));
        assertThat(stats.onTimePct()).isEqualTo(80.0);
    }

    @Test
    void shouldReportFullPunctualityWithoutAnyGap() {
        assertThat(OnTimeStats.of(Map.of(), 0, 1000, 1000).onTimePct()).isEqualTo(100.0);
    }
}
