package io.tripswitch.decision.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Region alerts, and the DEGRADED rule (DESIGN.md, "Failover policy" 3). */
class RegionAlertsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static RegionAssessment gra(RegionAssessment.Status status, int reporting, int down, int endpointsUp, int endpointsTotal,
            List<RegionView> views) {
        return new RegionAssessment("gra", status, 3, reporting, down, endpointsTotal, endpointsUp, T0, T0, views);
    }

    private static List<AlertType> firing(AlertBook.Result result) {
        return result.notices().stream().filter(n -> n.status() == AlertNotice.Status.FIRING).map(n -> n.condition().type()).toList();
    }

    @Test
    void shouldCallARegionDegradedWhenMoreThanHalfOfItsEndpointsAreDownInTheMajorityView() {
        // given 1 of 4 endpoints UP in the majority view, region still UP (minHealthyEndpoints 1)
        RegionAssessment degraded = gra(RegionAssessment.Status.UP, 3, 0, 1, 4, List.of());
        // then it is degraded, and REGION_DEGRADED fires
        assertThat(degraded.isDegraded()).isTrue();
        assertThat(firing(RegionAlerts.evaluate(degraded, Map.of(), Instant.EPOCH, T0))).containsExactly(AlertType.REGION_DEGRADED);
    }

    @Test
    void shouldNotCallARegionDegradedWithExactlyHalfItsEndpointsDownNorWhenNobodyReports() {
        assertThat(gra(RegionAssessment.Status.UP, 3, 0, 2, 4, List.of()).isDegraded()).isFalse();
        assertThat(gra(RegionAssessment.Status.UNKNOWN, 0, 0, 0, 4, List.of()).isDegraded()).isFalse();
        assertThat(gra(RegionAssessment.Status.DOWN, 3, 3, 0, 4, List.of()).isDegraded()).as("DOWN says more").isFalse();
    }

    @Test
    void shouldRaiseRegionSuspectWhenSomeButFewerThanAQuorumOfObserversSeeItDown() {
        AlertBook.Result result = RegionAlerts.evaluate(gra(RegionAssessment.Status.SUSPECT, 3, 1, 1, 1, List.of()), Map.of(), Instant.EPOCH, T0);
        assertThat(firing(result)).containsExactly(AlertType.REGION_SUSPECT);
        assertThat(result.notices().get(0).condition().severity()).isEqualTo(AlertType.Severity.WARNING);
    }

    @Test
    void shouldKeepRegionDownFiringThroughSilenceAndAnnounceTheRecoveryOnce() {
        // given gra DOWN
        AlertBook.Result down = RegionAlerts.evaluate(gra(RegionAssessment.Status.DOWN, 3, 2, 0, 1, List.of()), Map.of(), Instant.EPOCH, T0);
        assertThat(firing(down)).containsExactly(AlertType.REGION_DOWN);
        // when its observers fall silent (UNKNOWN): silence is no recovery
        AlertBook.Result silent = RegionAlerts.evaluate(gra(RegionAssessment.Status.UNKNOWN, 0, 0, 0, 1, List.of()), down.active(), Instant.EPOCH, T0.plusSeconds(5));
        assertThat(silent.notices()).isEmpty();
        // when it is UP again: REGION_DOWN resolves and REGION_RECOVERED (info) is said once
        AlertBook.Result up = RegionAlerts.evaluate(gra(RegionAssessment.Status.UP, 3, 0, 1, 1, List.of()), silent.active(), Instant.EPOCH, T0.plusSeconds(9));
        assertThat(up.notices()).extracting(n -> n.condition().type() + "/" + n.status())
                .containsExactly("REGION_DOWN/RESOLVED", "REGION_RECOVERED/FIRING");
        assertThat(up.notices().get(1).condition().severity()).isEqualTo(AlertType.Severity.INFO);
        assertThat(RegionAlerts.evaluate(gra(RegionAssessment.Status.UP, 3, 0, 1, 1, List.of()), up.active(), Instant.EPOCH, T0.plusSeconds(10)).notices()).isEmpty();
    }

    @Test
    void shouldRaiseProbesSilentPerStaleObserverWithoutCallingTheRegionDown() {
        // given rbx's view of gra STALE, sbg's UP
        List<RegionView> views = List.of(new RegionView("rbx", RegionView.Status.STALE, 1, T0.minusSeconds(10)),
                new RegionView("sbg", RegionView.Status.UP, 1, T0));
        AlertBook.Result result = RegionAlerts.evaluate(gra(RegionAssessment.Status.UP, 2, 0, 1, 1, views), Map.of(), Instant.EPOCH, T0);
        // then PROBES_SILENT names rbx, and nothing says DOWN
        assertThat(result.notices()).singleElement().satisfies(notice -> {
            assertThat(notice.condition().type()).isEqualTo(AlertType.PROBES_SILENT);
            assertThat(notice.condition().labels()).containsEntry("observer", "rbx");
        });
    }

    @Test
    void shouldRaiseNoProbesSilentBeforeTheQuietPeriodAfterAStartEndsButKeepOneAlreadyFiring() {
        List<RegionView> views = List.of(new RegionView("rbx", RegionView.Status.STALE, 1, T0.minusSeconds(10)),
                new RegionView("sbg", RegionView.Status.UP, 1, T0));
        RegionAssessment gra = gra(RegionAssessment.Status.UP, 2, 0, 1, 1, views);
        // given the service started less than stale-after ago / then no new PROBES_SILENT
        assertThat(RegionAlerts.evaluate(gra, Map.of(), T0.plusSeconds(1), T0).notices()).isEmpty();
        // given it has run longer / then it fires, and a start does not resolve it
        AlertBook.Result firing = RegionAlerts.evaluate(gra, Map.of(), T0, T0);
        assertThat(firing.active()).hasSize(1);
        assertThat(RegionAlerts.evaluate(gra, firing.active(), T0.plusSeconds(9), T0.plusSeconds(5)).notices()).isEmpty();
    }

    @Test
    void shouldRaiseNoProbesSilentForAnObserverWhoseOwnRegionIsDown() {
        // given rbx's observer silent, but excused: rbx is DOWN
        List<RegionView> views = List.of(new RegionView("rbx", RegionView.Status.STALE, 1, T0.minusSeconds(10)).excused(true),
                new RegionView("sbg", RegionView.Status.UP, 1, T0));
        // then its silence raises nothing here (REGION_DOWN of rbx explains it)
        assertThat(RegionAlerts.evaluate(gra(RegionAssessment.Status.UP, 2, 0, 1, 1, views), Map.of(), Instant.EPOCH, T0).notices()).isEmpty();
    }
}
