package io.tripswitch.actuator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.actuator.domain.ResyncPlanner.Plan;
import io.tripswitch.actuator.domain.ResyncPlanner.Step;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ResyncPlannerTest {

    private final ResyncPlanner repair = new ResyncPlanner(DriftPolicy.REPAIR, false);
    private final ResyncPlanner report = new ResyncPlanner(DriftPolicy.REPORT, false);
    private final ResyncPlanner dryRun = new ResyncPlanner(DriftPolicy.REPAIR, true);

    private static TargetLedger.Entry confirmedAt(long epoch) {
        return new TargetLedger.Entry(OptionalLong.of(epoch), OptionalLong.empty());
    }

    private static TargetLedger.Entry unsettledAt(long epoch) {
        return new TargetLedger.Entry(OptionalLong.empty(), OptionalLong.of(epoch));
    }

    @Test
    void shouldDoNothingForATargetInState() {
        assertThat(repair.plan(Inspection.State.IN_STATE, TargetLedger.Entry.UNKNOWN, 5)).isEqualTo(new Plan(Step.NOTHING, false));
    }

    @Test
    void shouldReportAnUnreadableTargetAsAFailure() {
        assertThat(repair.plan(Inspection.State.UNREADABLE, confirmedAt(5), 5)).isEqualTo(new Plan(Step.REPORT_UNREADABLE, false));
    }

    @Test
    void shouldCallItDriftWhenTheTargetWasConfirmedInThisVeryState() {
        assertThat(repair.plan(Inspection.State.DRIFTED, confirmedAt(5), 5)).isEqualTo(new Plan(Step.REPAIR_DRIFT, true));
        assertThat(report.plan(Inspection.State.DRIFTED, confirmedAt(5), 5)).isEqualTo(new Plan(Step.REPORT_DRIFT, true));
    }

    @Test
    void shouldCallItDriftWhenNothingIsKnownOfTheTargetYet() {
        assertThat(repair.plan(Inspection.State.DRIFTED, TargetLedger.Entry.UNKNOWN, 5)).isEqualTo(new Plan(Step.REPAIR_DRIFT, true));
    }

    @Test
    void shouldConvergeWithoutDriftAlertWhenTheApplicationRunsOrFailedOrANewerStateHasNotReachedTheTarget() {
        assertThat(repair.plan(Inspection.State.DRIFTED, unsettledAt(5), 5)).isEqualTo(new Plan(Step.CONVERGE, false));
        assertThat(report.plan(Inspection.State.DRIFTED, unsettledAt(5), 5)).isEqualTo(new Plan(Step.CONVERGE, false));
        assertThat(repair.plan(Inspection.State.DRIFTED, confirmedAt(4), 5)).isEqualTo(new Plan(Step.CONVERGE, false));
    }

    @Test
    void shouldOnlyPreviewInDryRunButStillSayDrift() {
        assertThat(dryRun.plan(Inspection.State.DRIFTED, confirmedAt(5), 5)).isEqualTo(new Plan(Step.PREVIEW, true));
        assertThat(dryRun.plan(Inspection.State.DRIFTED, unsettledAt(5), 5)).isEqualTo(new Plan(Step.PREVIEW, false));
        assertThat(dryRun.plan(Inspection.State.DRIFTED, TargetLedger.Entry.UNKNOWN, 5)).isEqualTo(new Plan(Step.PREVIEW, false));
    }

    @Test
    void shouldFinishAnUnsettledChangeWithoutDriftAlertWhateverIsKnown() {
        assertThat(repair.plan(Inspection.State.UNSETTLED, TargetLedger.Entry.UNKNOWN, 5)).isEqualTo(new Plan(Step.CONVERGE, false));
        assertThat(report.plan(Inspection.State.UNSETTLED, confirmedAt(5), 5)).isEqualTo(new Plan(Step.CONVERGE, false));
        assertThat(dryRun.plan(Inspection.State.UNSETTLED, unsettledAt(5), 5)).isEqualTo(new Plan(Step.PREVIEW, false));
    }
}
