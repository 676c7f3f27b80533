package io.tripswitch.decision.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alerts about a region, from its latest assessment:
 * REGION_SUSPECT (warning) while some but fewer than a quorum of counted observers see it DOWN;
 * REGION_DOWN (critical) while a quorum sees it DOWN, and on through a later UNKNOWN (silence is no recovery);
 * REGION_DEGRADED (warning) while {@link RegionAssessment#isDegraded()};
 * PROBES_SILENT (warning) for each observer whose view of the region is STALE (silence is never DOWN), unless the
 * observer is excused (its own region is DOWN: REGION_DOWN explains its silence), and not before {@code quietUntil}
 * (the first {@code staleAfter} after the service or task started, when restored views look silent);
 * REGION_RECOVERED (info, one-shot) when REGION_DOWN resolves.
 */
public final class RegionAlerts {

    private RegionAlerts() {
    }

    /** The region's alerts after this assessment, and what to publish; no new PROBES_SILENT fires before {@code quietUntil}. */
    public static AlertBook.Result evaluate(RegionAssessment assessment, Map<String, ActiveAlert> active, Instant quietUntil, Instant now) {
        String region = assessment.region();
        String downKey = AlertType.REGION_DOWN + "/" + region;
        List<AlertCondition> holding = new ArrayList<>();
        String counts = String.format("%d of %d counted observers see %s DOWN, %d report", assessment.observersDown(),
                assessment.observersConfigured(), region, assessment.observersReporting());
        Map<String, String> labels = Map.of("state", assessment.status().name(), "observersDown", Integer.toString(assessment.observersDown()),
                "observersConfigured", Integer.toString(assessment.observersConfigured()));
        switch (assessment.status()) {
            case SUSPECT -> holding.add(AlertCondition.ofRegion(AlertType.REGION_SUSPECT, AlertType.Severity.WARNING, region, null,
                    region + " SUSPECT: " + counts + " (no quorum: no failover)", labels));
            case DOWN -> holding.add(AlertCondition.ofRegion(AlertType.REGION_DOWN, AlertType.Severity.CRITICAL, region, null,
                    region + " DOWN: " + counts, labels));
            case UNKNOWN -> {
                if (active.containsKey(downKey)) {
                    holding.add(active.get(downKey).condition());
                }
            }
            case UP -> { }
        }
        if (assessment.isDegraded()) {
            holding.add(AlertCondition.ofRegion(AlertType.REGION_DEGRADED, AlertType.Severity.WARNING, region, null,
                    String.format("%s DEGRADED: %d of %d endpoints down in the majority view", region,
                            assessment.endpointsTotal() - assessment.endpointsUp(), assessment.endpointsTotal()),
                    Map.of("endpointsUp", Integer.toString(assessment.endpointsUp()), "endpointsTotal", Integer.toString(assessment.endpointsTotal()))));
        }
        assessment.views().stream().filter(view -> view.status() == RegionView.Status.STALE && view.counts()).forEach(view -> {
            AlertCondition silent = AlertCondition.ofRegion(AlertType.PROBES_SILENT, AlertType.Severity.WARNING, region, view.observer(),
                    "observer " + view.observer() + " has said nothing about " + region + " since " + view.lastSeen()
                            + " (STALE, not DOWN)", Map.of("observer", view.observer(), "lastSeen", view.lastSeen().toString()));
            if (!now.isBefore(quietUntil) || active.containsKey(silent.key())) {
                holding.add(silent);
            }
        });

        AlertBook.Result result = AlertBook.reconcile(active, holding, now);
        if (active.containsKey(downKey) && !result.active().containsKey(downKey)) {
            List<AlertNotice> notices = new ArrayList<>(result.notices());
            notices.add(AlertBook.event(AlertCondition.ofRegion(AlertType.REGION_RECOVERED, AlertType.Severity.INFO, region, null,
                    region + " recovered: " + assessment.status() + ", " + counts, labels), now));
            return new AlertBook.Result(result.active(), notices);
        }
        return result;
    }
}
