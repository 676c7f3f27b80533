package io.tripswitch.actuator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AlertBookTest {

    private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private Clock clock = Clock.fixed(start, ZoneOffset.UTC);
    private final AtomicInteger ids = new AtomicInteger();
    private final AlertBook book = new AlertBook(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return clock.instant();
        }
    }, () -> "alert-" + ids.incrementAndGet());
    private final AlertBook.Key dnsFailed = new AlertBook.Key(AlertNotice.Kind.ACTUATION_FAILED, "app", "dns:x");

    @Test
    void shouldFireOnceHoweverOftenTheConditionIsSeen() {
        assertThat(book.fire(dnsFailed, AlertNotice.Severity.CRITICAL, "rbx", "down", Map.of())).isPresent();
        assertThat(book.fire(dnsFailed, AlertNotice.Severity.CRITICAL, "rbx", "still down", Map.of())).isEmpty();
        assertThat(book.isFiring(dnsFailed)).isTrue();
    }

    @Test
    void shouldResolveOnceWithTheFiringAlertsIdAndTime() {
        AlertNotice fired = book.fire(dnsFailed, AlertNotice.Severity.CRITICAL, "rbx", "down", Map.of("target", "dns:x")).orElseThrow();
        clock = Clock.fixed(start.plus(Duration.ofSeconds(42)), ZoneOffset.UTC);

        AlertNotice resolved = book.resolve(dnsFailed, "in state").orElseThrow();

        assertThat(resolved.alertId()).isEqualTo(fired.alertId());
        assertThat(resolved.status()).isEqualTo(AlertNotice.Status.RESOLVED);
        assertThat(resolved.at()).isEqualTo(start.plusSeconds(42));
        assertThat(resolved.labels()).containsEntry("target", "dns:x").containsEntry("subject", "dns:x");
        assertThat(book.resolve(dnsFailed, "in state")).isEmpty();
    }

    @Test
    void shouldNotResolveWhatNeverFired() {
        assertThat(book.resolve(dnsFailed, "in state")).isEmpty();
    }

    @Test
    void shouldKeepAlertsOfDifferentTargetsApart() {
        AlertBook.Key haproxyFailed = new AlertBook.Key(AlertNotice.Kind.ACTUATION_FAILED, "app", "haproxy:y");
        book.fire(dnsFailed, AlertNotice.Severity.CRITICAL, "rbx", "down", Map.of());

        assertThat(book.fire(haproxyFailed, AlertNotice.Severity.CRITICAL, "rbx", "down", Map.of())).isPresent();
        assertThat(book.resolve(haproxyFailed, "ok")).isPresent();
        assertThat(book.isFiring(dnsFailed)).isTrue();
    }

    @Test
    void shouldResolveARestoredAlertOnceUnderItsOriginalId() {
        AlertNotice before = new AlertNotice("alert-from-before", AlertNotice.Kind.ACTUATION_FAILED, AlertNotice.Severity.CRITICAL,
                AlertNotice.Status.FIRING, "app", "rbx", "down", Map.of("subject", "dns:x", "target", "dns:x"), start.minusSeconds(600));

        assertThat(book.restore(before)).isTrue();

        assertThat(book.isFiring(dnsFailed)).isTrue();
        assertThat(book.fire(dnsFailed, AlertNotice.Severity.CRITICAL, "rbx", "still down", Map.of())).isEmpty();
        AlertNotice resolved = book.resolve(dnsFailed, "in state").orElseThrow();
        assertThat(resolved.alertId()).isEqualTo("alert-from-before");
        assertThat(resolved.status()).isEqualTo(AlertNotice.Status.RESOLVED);
        assertThat(book.resolve(dnsFailed, "in state")).isEmpty();
    }

    @Test
    void shouldKeepTheAlertFiringNowWhenAnOlderOneIsRestored() {
        AlertNotice now = book.fire(dnsFailed, AlertNotice.Severity.CRITICAL, "rbx", "down", Map.of()).orElseThrow();
        AlertNotice before = new AlertNotice("alert-from-before", AlertNotice.Kind.ACTUATION_FAILED, AlertNotice.Severity.CRITICAL,
                AlertNotice.Status.FIRING, "app", "rbx", "down", Map.of("subject", "dns:x"), start.minusSeconds(600));

        assertThat(book.restore(before)).isFalse();

        assertThat(book.resolve(dnsFailed, "in state").orElseThrow().alertId()).isEqualTo(now.alertId());
    }
}
