package io.tripswitch.decision.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert lifecycle: one FIRING per condition until it is RESOLVED, no repeats; an update when its labels change. */
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

    @Test
    void shouldUpdateAFiringAlertUnderItsIdWhenItsLabelsChange() {
        AlertCondition frozen = AlertCondition.ofGroup(AlertType.FAILOVER_BLOCKED, AlertType.Severity.CRITICAL, "app", "gra",
                "blocked: frozen", Map.of("blockedBy", "frozen"));
        AlertCondition lagging = AlertCondition.ofGroup(AlertType.FAILOVER_BLOCKED, AlertType.Severity.CRITICAL, "app", "gra",
                "blocked: rbx 9000 ms behind", Map.of("blockedBy", "no-region-qualifies", "reason.rbx", "lag-too-far"));
        AlertBook.Result fired = AlertBook.reconcile(Map.of(), List.of(frozen), T0);
        // when the same condition holds for another reason
        AlertBook.Result updated = AlertBook.reconcile(fired.active(), List.of(lagging), T0.plusSeconds(1));
        // then it FIRES again under the same id, with the new summary, and is remembered so
        assertThat(updated.notices()).singleElement().satisfies(notice -> {
            assertThat(notice.status()).isEqualTo(AlertNotice.Status.FIRING);
            assertThat(notice.alertId()).isEqualTo(fired.notices().get(0).alertId());
            assertThat(notice.condition().summary()).isEqualTo("blocked: rbx 9000 ms behind");
        });
        assertThat(updated.active().values()).singleElement().satisfies(alert -> assertThat(alert.firedAt()).isEqualTo(T0));
        // and the figures moving with the same labels say nothing
        AlertCondition moreLag = AlertCondition.ofGroup(AlertType.FAILOVER_BLOCKED, AlertType.Severity.CRITICAL, "app", "gra",
                "blocked: rbx 9500 ms behind", Map.of("blockedBy", "no-region-qualifies", "reason.rbx", "lag-too-far"));
        assertThat(AlertBook.reconcile(updated.active(), List.of(moreLag), T0.plusSeconds(2)).notices()).isEmpty();
    }
}
