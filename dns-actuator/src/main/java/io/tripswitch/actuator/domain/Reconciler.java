package io.tripswitch.actuator.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The level trigger: reads every target of every group with a known desired state and converges it
 * (see {@link ResyncPlanner} for what counts as drift). Run on start and every resync interval; targets are
 * read and driven in parallel, each under its own guard.
 */
public final class Reconciler {

    private final Map<String, TrafficGroup> groups;
    private final TargetDriver driver;
    private final ResyncPlanner planner;
    private final Executor executor;

    public Reconciler(Map<String, TrafficGroup> groups, TargetDriver driver, DriftPolicy driftPolicy, Executor executor) {
        this.groups = Map.copyOf(groups);
        this.driver = driver;
        this.planner = new ResyncPlanner(driftPolicy, driver.dryRun());
        this.executor = executor;
    }

    /**
     * A desired state newer than what {@code group}'s targets were seen in arrived (a group state read live): its
     * application is due, so a resync meeting a target off it converges it rather than calling it drift.
     */
    public void expect(String group, long epoch) {
        TrafficGroup known = groups.get(group);
        if (known != null) {
            known.targets().forEach(target -> driver.ledger().started(target.name(), epoch));
        }
    }

    /** What a restart recovered from an alert still firing: the application of {@code epoch} to the target gave up. */
    public void recallFailure(String target, long epoch) {
        driver.ledger().failed(target, epoch);
    }

    /** One pass over every target; returns once each is done, with the reports it produced. */
    public List<AttemptReport> resync() {
        List<AttemptReport> reports = new ArrayList<>();
        Consumer<AttemptReport> collecting = report -> {
            synchronized (reports) {
                reports.add(report);
            }
        };
        List<CompletableFuture<?>> running = new ArrayList<>();
        boolean silent = driver.authority().silence().silent();
        noteSilence(silent);
        driver.fence().snapshot().forEach((groupId, desired) -> {
            TrafficGroup group = groups.get(groupId);
            if (group == null || !group.regions().contains(desired.activeRegion())) {
                return; // never admitted by the applier; a GroupState for a group or region we do not serve
            }
            for (Target target : group.targets()) {
                if (target.refusal(desired.activeRegion()).isEmpty() && driver.authority().drives(target)) {
                    running.add(CompletableFuture.runAsync(() -> converge(target, desired, silent, collecting), executor));
                }
            }
        });
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        return List.copyOf(reports);
    }

    /**
     * Kafka silent longer than max-silence: one ACTUATION_FAILED (WARNING) per served group says the actuator holds
     * still (fail static); it resolves at the first pass after Kafka is heard again.
     */
    private void noteSilence(boolean silent) {
        for (TrafficGroup group : groups.values()) {
            AlertBook.Key key = new AlertBook.Key(AlertNotice.Kind.ACTUATION_FAILED, group.id(), AlertBook.KAFKA_SILENCE);
            if (silent) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("reason", "kafka-silent");
                labels.put("subject", AlertBook.KAFKA_SILENCE);
                driver.alert(driver.alerts().fire(key, AlertNotice.Severity.WARNING, null, "no word from Kafka for "
                        + driver.authority().silence().silentFor().toSeconds() + " s (max-silence "
                        + driver.authority().silence().maxSilence().toSeconds() + " s): targets of group " + group.id()
                        + " are left as they are, drift is not repaired until Kafka is heard again", labels));
            } else {
                driver.alert(driver.alerts().resolve(key, "Kafka heard again: resyncs repair and converge again"));
            }
        }
    }

    private void converge(Target target, DesiredState desired, boolean silent, Consumer<AttemptReport> collecting) {
        Optional<Inspection> read = driver.inspect(target, desired);
        if (read.isEmpty()) {
            return; // a newer decision arrived meanwhile: it does this work
        }
        Inspection inspection = read.get();
        Decision decision = desired.asDecision();
        ResyncPlanner.Plan plan = silent
                ? planner.planSilent(inspection.state(), driver.ledger().entry(target.name()), desired.epoch())
                : planner.plan(inspection.state(), driver.ledger().entry(target.name()), desired.epoch());
        if (plan.driftAlert()) {
            driver.fireDrift(target, decision, target.name() + " drifted from " + desired.activeRegion() + " (epoch "
                    + desired.epoch() + "): " + inspection.detail());
        }
        switch (plan.step()) {
            case NOTHING -> driver.inState(target, decision, "in state at resync: " + inspection.detail());
            case REPORT_UNREADABLE -> {
                Instant now = driver.clock().instant();
                Outcome failed = Outcome.failed("resync: " + inspection.detail());
                driver.report(new AttemptReport(decision, target.name(), failed, 1, 0, now), collecting);
                driver.fireFailure(target, decision, target.name() + " cannot be read: " + inspection.detail());
            }
            case CONVERGE, PREVIEW -> driver.drive(target, decision, false, collecting);
            case REPAIR_DRIFT -> driver.drive(target, decision, true, collecting);
            case LEAVE_AHEAD -> driver.fireAhead(target, decision, inspection.detail());
            case HOLD_SILENT -> {
                // fail static: Kafka has been silent too long to trust this view; the silence alert says so
            }
            case REPORT_DRIFT -> {
                // reported only (drift policy): the alert above says it, nothing is changed
            }
        }
    }
}
