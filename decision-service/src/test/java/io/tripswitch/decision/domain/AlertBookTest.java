package io.tripswitch.decision.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert lifecycle: one FIRING per condition until it is RESOLVED, no repeats. */
class AlertBookTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static AlertCondition down(String summary) {
        return AlertCondition.ofRegion(AlertType.REGION_DOWN, AlertType.Severity.CRITICAL, "gra", null, summary, Map.of());
    }

    @Test
    void shouldFireOnceWhileAConditionHoldsAndResolveOnceWhenItStops() {
        // given a condition that starts holding
        AlertBook.Result first = AlertBook.reconcile(Map.of(), List.of(down("gra DOWN: 2 of 2")), T0);
        assertThat(first.notices()).singleElement().satisfies(notice -> {
            assertThat(notice.status()).isEqualTo(AlertNotice.Status.FIRING);
            assertThat(notice.condition().type()).isEqualTo(AlertType.REGION_DOWN);
        });
        // when it keeps holding (even with another summary)
        AlertBook.Result again = AlertBook.reconcile(first.active(), List.of(down("gra DOWN: 3 of 3")), T0.plusSeconds(1));
        // then nothing more is said
        assertThat(again.notices()).isEmpty();
        assertThat(again.active()).isEqualTo(first.active());
        // when it stops holding, it is RESOLVED once, with the id it fired with
        AlertBook.Result resolved = AlertBook.reconcile(again.active(), List.of(), T0.plusSeconds(2));
        assertThat(resolved.notices()).singleElement().satisfies(notice -> {
            assertThat(notice.status()).isEqualTo(AlertNotice.Status.RESOLVED);
            assertThat(notice.alertId()).isEqualTo(first.notices().get(0).alertId());
        });
        assertThat(resolved.active()).isEmpty();
        assertThat(AlertBook.reconcile(resolved.active(), List.of(), T0.plusSeconds(3)).notices()).isEmpty();
    }

    @Test
    void shouldFireAgainWithANewIdWhenAConditionReturnsAfterBeingResolved() {
        AlertBook.Result fired = AlertBook.reconcile(Map.of(), List.of(down("down")), T0);
        AlertBook.Result resolved = AlertBook.reconcile(fired.active(), List.of(), T0.plusSeconds(1));
        AlertBook.Result refired = AlertBook.reconcile(resolved.active(), List.of(down("down")), T0.plusSeconds(2));
        assertThat(refired.notices()).singleElement().satisfies(notice -> {
            assertThat(notice.status()).isEqualTo(AlertNotice.Status.FIRING);
            assertThat(notice.alertId()).isNotEqualTo(fired.notices().get(0).alertId());
        });
    }
}
