package io.tripswitch.probe.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TickWindowTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldCountTicksAndLateTicksOfTheLastWindow() {
        // given a one-minute window
        TickWindow window = new TickWindow(Duration.ofMinutes(1));

        // when 100 ticks come over 50 s, every tenth late
        for (int i = 0; i < 100; i++) {
            window.record(i * SECOND / 2, 1, i % 10 == 0 ? 1 : 0);
        }

        // then all are counted, 10 % late
        assertThat(window.counts(50 * SECOND)).isEqualTo(new TickWindow.Counts(100, 10));
        assertThat(window.counts(50 * SECOND).lateShare()).isEqualTo(0.1);
    }

    @Test
    void shouldForgetTicksOlderThanTheWindow() {
        // given late ticks at the start, then on-time ticks for two minutes
        TickWindow window = new TickWindow(Duration.ofMinutes(1));
        for (int i = 0; i < 10; i++) {
            window.record(i * SECOND, 1, 1);
        }
        for (int i = 10; i < 130; i++) {
            window.record(i * SECOND, 1, 0);
        }

        // then the late ones are gone from the counts a minute (and one slot) later
        TickWindow.Counts counts = window.counts(129 * SECOND);
        assertThat(counts.late()).isZero();
        assertThat(counts.ticks()).isBetween(60L, 65L);
    }

    @Test
    void shouldReportNoLateShareWithoutTicks() {
        assertThat(new TickWindow(Duration.ofMinutes(1)).counts(5 * SECOND)).isEqualTo(new TickWindow.Counts(0, 0));
        assertThat(new TickWindow.Counts(0, 0).lateShare()).isZero();
    }
}
