package io.tripswitch.decision.topology;

import io.tripswitch.decision.domain.ActiveAlert;
import io.tripswitch.decision.domain.AlertCondition;
import io.tripswitch.decision.domain.AlertType;
import io.tripswitch.decision.domain.Check;
import io.tripswitch.decision.domain.ReplicaLag;
import io.tripswitch.decision.state.ActiveAlertEntry;
import io.tripswitch.decision.state.LagEntry;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
                        view.getEndpointsUp(), view.getLastSeen(), view.getExcused())).toList(), entry.getObserversExcused());
    }

    static AssessmentEntry entry(RegionAssessment assessment) {
        return new AssessmentEntry(assessment.region(), RegionStatus.valueOf(assessment.status().name()),
                assessment.observersConfigured(), assessment.observersReporting(), assessment.observersDown(),
                assessment.endpointsTotal(), assessment.endpointsUp(), assessment.since(), assessment.evaluatedAt(),
                assessment.views().stream().map(view -> new ViewEntry(view.observer(), ViewStatus.valueOf(view.status().name()),
                        view.endpointsUp(), view.lastSeen(), view.excused())).toList(), assessment.observersExcused());
    }

    static GroupStatus status(GroupRecord record) {
        return new GroupStatus(record.getGroup(), record.getActiveRegion(), record.getEpoch(), record.getFrozen(),
                Optional.ofNullable(record.getHoldDownUntil()), Optional.ofNullable(record.getLastDecisionId()), record.getUpdatedAt(),
                Optional.ofNullable(record.getRegionLeft()), record.getFlapFrozen(), record.getAutomaticDecisions(),
                Optional.ofNullable(record.getPreferredReadySince()));
    }

    static GroupMemory memory(GroupRecord record) {
        Map<String, ReplicaLag> lags = new TreeMap<>();
        record.getLags().forEach((key, entry) -> lags.put(key, lag(entry)));
        return new GroupMemory(status(record), regions(record), lags, alerts(record.getAlerts()));
    }

    static GroupRecord record(GroupMemory memory) {
        GroupStatus status = memory.status();
        Map<String, AssessmentEntry> regions = new HashMap<>();
        memory.health().forEach((region, assessment) -> regions.put(region, entry(assessment)));
        Map<String, LagEntry> lags = new HashMap<>();
        memory.lags().forEach((key, lag) -> lags.put(key, entry(lag)));
        return new GroupRecord(status.group(), status.activeRegion(), status.epoch(), status.frozen(), status.holdDownUntil().orElse(null),
                status.lastDecisionId().orElse(null), status.updatedAt(), regions, status.regionLeft().orElse(null), status.flapFrozen(),
                new ArrayList<>(status.automaticDecisions()), status.preferredReadySince().orElse(null), lags, entries(memory.alerts()));
    }

    /** A lag kept before the memory fields existed has none: a healthy figure then stands for itself, a break starts at its reading. */
    static ReplicaLag lag(LagEntry entry) {
        Optional<ReplicaLag.Measurement> lastHealthy = entry.getLastHealthyLagMs() == null || entry.getLastHealthyAt() == null ? Optional.empty()
                : Optional.of(new ReplicaLag.Measurement(entry.getLastHealthyLagMs(), entry.getLastHealthyAt()));
        return new ReplicaLag(entry.getStore(), entry.getReplicaRegion(), Optional.ofNullable(entry.getSourceRegion()),
                entry.getLagMs() == null ? OptionalLong.empty() : OptionalLong.of(entry.getLagMs()), entry.getHealthy(), entry.getObservedAt(),
                lastHealthy, entry.getHealthy() ? Optional.empty() : Optional.ofNullable(entry.getBrokenSince()));
    }

    static LagEntry entry(ReplicaLag lag) {
        return new LagEntry(lag.store(), lag.replicaRegion(), lag.lagMs().isPresent() ? lag.lagMs().getAsLong() : null, lag.healthy(),
                lag.observedAt(), lag.sourceRegion().orElse(null), lag.lastHealthy().map(ReplicaLag.Measurement::lagMs).orElse(null),
                lag.lastHealthy().map(ReplicaLag.Measurement::observedAt).orElse(null), lag.brokenSince().orElse(null));
    }

    static Map<String, ActiveAlert> alerts(Map<String, ActiveAlertEntry> entries) {
        Map<String, ActiveAlert> alerts = new TreeMap<>();
        entries.forEach((key, entry) -> alerts.put(key, new ActiveAlert(entry.getAlertId(), new AlertCondition(entry.getKey(),
                AlertType.valueOf(entry.getType()), AlertType.Severity.valueOf(entry.getSeverity()), Optional.ofNullable(entry.getGroup()),
                Optional.ofNullable(entry.getRegion()), entry.getSummary(), entry.getLabels()), entry.getFiredAt())));
        return alerts;
    }

    static Map<String, ActiveAlertEntry> entries(Map<String, ActiveAlert> alerts) {
        Map<String, ActiveAlertEntry> entries = new HashMap<>();
        alerts.forEach((key, alert) -> {
            AlertCondition condition = alert.condition();
            entries.put(key, new ActiveAlertEntry(alert.alertId(), condition.key(), condition.type().name(), condition.severity().name(),
                    condition.group().orElse(null), condition.region().orElse(null), condition.summary(), new HashMap<>(condition.labels()),
                    alert.firedAt()));
        });
        return entries;
    }

    static Map<String, RegionAssessment> regions(GroupRecord record) {
        Map<String, RegionAssessment> regions = new TreeMap<>();
        record.getRegions().forEach((region, entry) -> regions.put(region, assessment(entry)));
        return regions;
    }

}
