package io.tripswitch.schemas;

import io.tripswitch.events.Actuation;
import io.tripswitch.events.ActuationOutcome;
import io.tripswitch.events.Alert;
import io.tripswitch.events.AlertStatus;
import io.tripswitch.events.AlertType;
import io.tripswitch.events.CheckType;
import io.tripswitch.events.CommandType;
import io.tripswitch.events.DecisionAction;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.GroupState;
import io.tripswitch.events.ObserverView;
import io.tripswitch.events.OperatorCommand;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.ProbeStatus;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.events.RegionState;
import io.tripswitch.events.ReplicationLag;
import io.tripswitch.events.Severity;
import io.tripswitch.events.StoreKind;
import io.tripswitch.events.ViewState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One filled-in example of every record of the contract. */
final class SampleEvents {

    static final Instant T = Instant.parse("2026-11-25T10:15:30.123Z");

    static List<SpecificRecord> all() {
        return List.of(probeResult(), replicationLag(), regionHealth(), decision(), groupState(), command(), actuation(), alert());
    }

    static ProbeResult probeResult() {
        return ProbeResult.newBuilder().setProbeId("probe-rbx-1").setObserver("rbx").setRegion("gra").setEndpoint("app1")
                .setCheck(CheckType.HTTP).setStatus(ProbeStatus.DOWN).setLatencyMs(12).setDetail("HTTP 503")
                .setObservedAt(T).setSeq(42).setIntervalMs(1000).build();
    }

    static ReplicationLag replicationLag() {
        return ReplicationLag.newBuilder().setProbeId("probe-rbx-1").setObserver("rbx").setStore("orders-pg")
                .setKind(StoreKind.POSTGRESQL).setSourceRegion("gra").setReplicaRegion("rbx").setLagMs(120L).setLagBytes(null)
                .setHealthy(true).setDetail(null).setObservedAt(T).setSeq(7).build();
    }

    static RegionHealth regionHealth() {
        return RegionHealth.newBuilder().setRegion("gra").setState(RegionState.DOWN).setObserversConfigured(2)
                .setObserversReporting(2).setObserversDown(2).setEndpointsTotal(2).setEndpointsUp(0).setSince(T)
                .setEvaluatedAt(T.plusSeconds(1))
                .setViews(List.of(ObserverView.newBuilder().setObserver("rbx").setState(ViewState.DOWN).setEndpointsUp(0)
                        .setLastSeen(T).build()))
                .build();
    }

    static FailoverDecision decision() {
        return FailoverDecision.newBuilder().setDecisionId("6f1c2b1e-6a8e-4c39-9d7e-1f4b7a0c9e11").setGroup("app").setEpoch(3)
                .setAction(DecisionAction.FAILOVER).setActiveRegion("rbx").setPreviousRegion("gra")
                .setStandbyRegions(List.of("gra")).setReason("gra DOWN").setOperator(null)
                .setEvidence(List.of(regionHealth())).setReplicationLagMs(120L).setDecidedAt(T).build();
    }

    static GroupState groupState() {
        return GroupState.newBuilder().setGroup("app").setActiveRegion("rbx").setEpoch(3).setFrozen(false)
                .setHoldDownUntil(T.plusSeconds(300)).setLastDecisionId("6f1c2b1e-6a8e-4c39-9d7e-1f4b7a0c9e11").setUpdatedAt(T)
                .build();
    }

    static OperatorCommand command() {
        return OperatorCommand.newBuilder().setCommandId("c-1").setGroup("app").setType(CommandType.FAILOVER_TO)
                .setTargetRegion("rbx").setOperator("alice").setReason("maintenance in gra").setIssuedAt(T).build();
    }

    static Actuation actuation() {
        return Actuation.newBuilder().setDecisionId("6f1c2b1e-6a8e-4c39-9d7e-1f4b7a0c9e11").setGroup("app").setEpoch(3)
                .setTarget("dns:rfc2136:example.test/app").setOutcome(ActuationOutcome.APPLIED).setAttempt(1).setDurationMs(4)
                .setDetail(null).setAt(T).build();
    }

    static Alert alert() {
        return Alert.newBuilder().setAlertId("a-1").setType(AlertType.FAILOVER).setSeverity(Severity.CRITICAL)
                .setStatus(AlertStatus.FIRING).setGroup("app").setRegion("gra").setSummary("failover gra -> rbx")
                .setLabels(Map.of("epoch", "3")).setAt(T).build();
    }
}
