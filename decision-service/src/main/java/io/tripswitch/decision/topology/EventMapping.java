package io.tripswitch.decision.topology;

import io.tripswitch.decision.domain.AlertCondition;
import io.tripswitch.decision.domain.AlertNotice;
import io.tripswitch.decision.domain.Check;
import io.tripswitch.decision.domain.OperatorRequest;
import io.tripswitch.decision.domain.ReplicaLag;
import io.tripswitch.events.Alert;
import io.tripswitch.events.AlertStatus;
import io.tripswitch.events.OperatorCommand;
import io.tripswitch.events.ReplicationLag;
import io.tripswitch.events.Severity;
import java.util.HashMap;
import java.util.Optional;
import java.util.OptionalLong;
import io.tripswitch.decision.domain.Decision;
import io.tripswitch.decision.domain.GroupStatus;
import io.tripswitch.decision.domain.RegionAssessment;
import io.tripswitch.decision.domain.RegionView;
import io.tripswitch.events.DecisionAction;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.GroupState;
import io.tripswitch.events.ObserverView;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.events.RegionState;
import io.tripswitch.events.ViewState;

/** Converts between the domain and the events of the contract (schemas/). */
final class EventMapping {

    private EventMapping() {
    }

    static Check check(ProbeResult result) {
        return new Check(result.getProbeId(), result.getSeq(), result.getStatus() == ProbeStatus.UP, result.getObservedAt());
    }

    static RegionHealth regionHealth(RegionAssessment assessment) {
        return new RegionHealth(assessment.region(), RegionState.valueOf(assessment.status().name()),
                assessment.observersConfigured(), assessment.observersReporting(), assessment.observersDown(),
                assessment.endpointsTotal(), assessment.endpointsUp(), assessment.since(), assessment.evaluatedAt(),
                assessment.views().stream().map(view -> new ObserverView(view.observer(), ViewState.valueOf(view.status().name()),
                        view.endpointsUp(), view.lastSeen(), view.excused())).toList(), assessment.observersExcused());
    }

    static RegionAssessment assessment(RegionHealth health) {
        return new RegionAssessment(health.getRegion(), RegionAssessment.Status.valueOf(health.getState().name()),
                health.getObserversConfigured(), health.getObserversReporting(), health.getObserversDown(),
                health.getEndpointsTotal(), health.getEndpointsUp(), health.getSince(), health.getEvaluatedAt(),
                health.getViews().stream().map(view -> new RegionView(view.getObserver(), RegionView.Status.valueOf(view.getState().name()),
                        view.getEndpointsUp(), view.getLastSeen(), view.getExcused())).toList(), health.getObserversExcused());
    }

    static FailoverDecision decision(Decision decision) {
        return new FailoverDecision(decision.decisionId(), decision.group(), decision.epoch(),
                DecisionAction.valueOf(decision.action().name()), decision.activeRegion(), decision.previousRegion(),
                decision.standbyRegions(), decision.reason(), decision.operator().orElse(null),
                decision.evidence().stream().map(EventMapping::regionHealth).toList(),
                decision.replicationLagMs().isPresent() ? decision.replicationLagMs().getAsLong() : null, decision.decidedAt());
    }

    static ReplicaLag lag(ReplicationLag lag) {
        return ReplicaLag.reading(lag.getStore(), lag.getReplicaRegion(), lag.getSourceRegion(),
                lag.getLagMs() == null ? OptionalLong.empty() : OptionalLong.of(lag.getLagMs()), lag.getHealthy(), lag.getObservedAt());
    }

    static OperatorRequest request(OperatorCommand command) {
        return new OperatorRequest(command.getCommandId(), OperatorRequest.Type.valueOf(command.getType().name()),
                Optional.ofNullable(command.getTargetRegion()).filter(region -> !region.isBlank()), command.getOperator(), command.getReason(),
                command.getIssuedAt());
    }

    static Alert alert(AlertNotice notice) {
        AlertCondition condition = notice.condition();
        return new Alert(notice.alertId(), io.tripswitch.events.AlertType.valueOf(condition.type().name()), Severity.valueOf(condition.severity().name()),
                AlertStatus.valueOf(notice.status().name()), condition.group().orElse(null), condition.region().orElse(null), condition.summary(),
                new HashMap<>(condition.labels()), notice.at());
    }

    static GroupState groupState(GroupStatus status) {
        return new GroupState(status.group(), status.activeRegion(), status.epoch(), status.frozen(),
                status.holdDownUntil().orElse(null), status.lastDecisionId().orElse(null), status.updatedAt());
    }
}
