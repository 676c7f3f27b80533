package io.tripswitch.decision.topology;

import io.tripswitch.decision.domain.Check;
import io.tripswitch.decision.domain.EndpointHealth;
import io.tripswitch.decision.domain.GroupStatus;
import io.tripswitch.decision.domain.RegionAssessment;
import io.tripswitch.decision.domain.RegionView;
import io.tripswitch.decision.state.AssessmentEntry;
import io.tripswitch.decision.state.CheckEntry;
import io.tripswitch.decision.state.EndpointEntry;
import io.tripswitch.decision.state.GroupRecord;
import io.tripswitch.decision.state.RegionStatus;
import io.tripswitch.decision.state.ViewEntry;
import io.tripswitch.decision.state.ViewStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Converts between the domain and the Avro records kept in the state stores. */
final class StateMapping {

    private StateMapping() {
    }

    static Check check(CheckEntry entry) {
        return new Check(entry.getProbeId(), entry.getSeq(), entry.getUp(), entry.getObservedAt());
    }

    static CheckEntry entry(Check check) {
        return new CheckEntry(check.probeId(), check.seq(), check.up(), check.observedAt());
    }

    static EndpointHealth health(EndpointEntry entry) {
        return new EndpointHealth(entry.getUp(), entry.getGoodStreak(), entry.getBadStreak(),
                Optional.ofNullable(entry.getLastApplied()).map(StateMapping::check));
    }

    static EndpointEntry entry(EndpointHealth health) {
        return new EndpointEntry(health.up(), health.goodStreak(), health.badStreak(), health.lastApplied().map(StateMapping::entry).orElse(null));
    }

    static RegionAssessment assessment(AssessmentEntry entry) {
        return new RegionAssessment(entry.getRegion(), RegionAssessment.Status.valueOf(entry.getStatus().name()),
                entry.getObserversConfigured(), entry.getObserversReporting(), entry.getObserversDown(), entry.getEndpointsTotal(),
                entry.getEndpointsUp(), entry.getSince(), entry.getEvaluatedAt(),
                entry.getViews().stream().map(view -> new RegionView(view.getObserver(), RegionView.Status.valueOf(view.getStatus().name()),
                        view.getEndpointsUp(), view.getLastSeen())).toList());
    }

    static AssessmentEntry entry(RegionAssessment assessment) {
        return new AssessmentEntry(assessment.region(), RegionStatus.valueOf(assessment.status().name()),
                assessment.observersConfigured(), assessment.observersReporting(), assessment.observersDown(),
                assessment.endpointsTotal(), assessment.endpointsUp(), assessment.since(), assessment.evaluatedAt(),
                assessment.views().stream().map(view -> new ViewEntry(view.observer(), ViewStatus.valueOf(view.status().name()),
                        view.endpointsUp(), view.lastSeen())).toList());
    }

    static GroupStatus status(GroupRecord record) {
        return new GroupStatus(record.getGroup(), record.getActiveRegion(), record.getEpoch(), record.getFrozen(),
                Optional.ofNullable(record.getHoldDownUntil()), Optional.ofNullable(record.getLastDecisionId()), record.getUpdatedAt());
    }

    static Map<String, RegionAssessment> regions(GroupRecord record) {
        Map<String, RegionAssessment> regions = new TreeMap<>();
        record.getRegions().forEach((region, entry) -> regions.put(region, assessment(entry)));
        return regions;
    }

    static GroupRecord record(GroupStatus status, Map<String, RegionAssessment> regions) {
        Map<String, AssessmentEntry> entries = new HashMap<>();
        regions.forEach((region, assessment) -> entries.put(region, entry(assessment)));
        return new GroupRecord(status.group(), status.activeRegion(), status.epoch(), status.frozen(),
                status.holdDownUntil().orElse(null), status.lastDecisionId().orElse(null), status.updatedAt(), entries);
    }
}
