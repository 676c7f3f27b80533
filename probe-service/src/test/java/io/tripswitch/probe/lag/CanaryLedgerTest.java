package io.tripswitch.probe.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CanaryLedgerTest {

    private final CanaryLedger ledger = new CanaryLedger();

    @Test
    void shouldReadNoLagWhenTheReplicaShowsTheNewestWriteHoweverOldItIs() {
        // given: an idle table, the last write an hour ago
        ledger.acknowledged(1_000, 1_010);

        // when
        long lag = ledger.lagMs(OptionalLong.of(1_000), 3_601_010);

        // then
        assertThat(lag).isZero();
        assertThat(ledger.isCurrent(OptionalLong.of(1_000))).isTrue();
    }

    @Test
    void shouldReadTheAgeOfTheWriteAReplicaShowsWhenItLacksNewerOnes() {
        // given
        ledger.acknowledged(1_000, 1_010);
        ledger.acknowledged(2_000, 2_010);
        ledger.acknowledged(3_000, 3_010);

        // when: the replica still shows the first write
        long lag = ledger.lagMs(OptionalLong.of(1_000), 3_500);

        // then: the upper bound (it lacks the second write, acknowledged 1490 ms ago, so it is 1490-2490 ms behind)
        assertThat(lag).isEqualTo(2_490);
        assertThat(ledger.isCurrent(OptionalLong.of(1_000))).isFalse();
    }

    @Test
    void shouldLetTheLagOfAStuckReplicaGrowWithTheClock() {
        // given
        ledger.acknowledged(1_000, 1_010);
        ledger.acknowledged(2_000, 2_010);

        // when
        long first = ledger.lagMs(OptionalLong.of(1_000), 3_000);
        ledger.acknowledged(3_000, 3_010);
        long second = ledger.lagMs(OptionalLong.of(1_000), 6_000);

        // then
        assertThat(first).isEqualTo(1_990);
        assertThat(second).isEqualTo(4_990);
    }

    @Test
    void shouldCountFromTheFirstWriteWhenTheReplicaHasNoCanaryAtAll() {
        // given
        ledger.acknowledged(1_000, 1_010);
        ledger.acknowledged(2_000, 2_010);

        // when
        long lag = ledger.lagMs(OptionalLong.empty(), 2_500);

        // then
        assertThat(lag).isEqualTo(1_490);
    }

    @Test
    void shouldNeverWriteTheSameValueTwiceWhenTheClockStandsStill() {
        // given
        ledger.acknowledged(ledger.nextValue(5_000), 5_001);

        // when
        long next = ledger.nextValue(5_000);

        // then
        assertThat(next).isEqualTo(5_001);
    }

    @Test
    void shouldMeasureHowLongAfterItsAcknowledgementAWriteWasSeen() {
        // given
        ledger.acknowledged(1_000, 1_020);

        // when / then
        assertThat(ledger.sinceAcknowledged(1_000, 1_270)).isEqualTo(250);
        assertThat(ledger.sinceAcknowledged(999, 1_270)).isZero();
    }

    @Test
    void shouldAgeAWriteItHasForgottenFromItsValue() {
        // given
        for (int i = 1; i <= CanaryLedger.CAPACITY + 10; i++) {
            ledger.acknowledged(i * 1_000L, i * 1_000L + 5);
        }

        // when: a replica stuck on a write the ledger no longer remembers
        long lag = ledger.lagMs(OptionalLong.of(1_000), (CanaryLedger.CAPACITY + 20) * 1_000L);

        // then: its value is the time it was written on the probe's clock
        assertThat(lag).isEqualTo((CanaryLedger.CAPACITY + 19) * 1_000L);
    }
}
