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
 * Turns one decision into work on the group's targets (the low-latency trigger; the resync makes it
 * converge anyway). Checks, in order, that the group is known and that every target of the group has the
 * active region configured (closed addresses) — a failure rejects the decision with ACTUATION_FAILED — and
 * then the epoch fence: stale is rejected quietly (replays after a restart are normal), a replay of the
 * current state is applied again (ALREADY_IN_STATE), a second region for one epoch is rejected with an alert.
 * A rejection alert resolves at the group's next accepted decision.
 * Admitted decisions run on every target in parallel, so one slow or failing target never holds back another.
 */
public final class DecisionApplier {

    /** Target name used when a decision is rejected before any target is known (unknown group). */
    public static final String GROUP_TARGET_PREFIX = "group:";

    private final Map<String, TrafficGroup> groups;
    private final TargetDriver driver;
    private final Executor executor;

    public DecisionApplier(Map<String, TrafficGroup> groups, TargetDriver driver, Executor executor) {
        this.groups = Map.copyOf(groups);
        this.driver = driver;
        this.executor = executor;
    }

    /** The traffic groups and their targets, as configured. */
    public Map<String, TrafficGroup> groups() {
        return groups;
    }

    /** Applies {@code decision}; returns once every target is done, with every attempt's report. */
    public List<AttemptReport> apply(Decision decision) {
        List<AttemptReport> reports = new ArrayList<>();
        Consumer<AttemptReport> collecting = report -> {
            synchronized (reports) {
                reports.add(report);
            }
        };
        TrafficGroup group = groups.get(decision.group());
        if (group == null) {
            reject(decision, List.of(GROUP_TARGET_PREFIX + decision.group()), "unknown group '" + decision.group() + "'",
                    "unknown-group", true, collecting);
            return List.copyOf(reports);
        }
        Optional<String> refusal = refusal(group, decision.activeRegion());
        if (refusal.isPresent()) {
            reject(decision, names(group), refusal.get(), "unknown-region", true, collecting);
            return List.copyOf(reports);
        }
        EpochFence.Verdict verdict = driver.fence().judge(decision);
        switch (verdict) {
            case STALE -> {
                reject(decision, names(group), "stale epoch " + decision.epoch() + ": group '" + group.id() + "' is at epoch "
                        + driver.fence().desired(group.id()).map(DesiredState::epoch).orElse(-1L), "stale-epoch", false, collecting);
                return List.copyOf(reports);
            }
            case CONFLICT -> {
                reject(decision, names(group), "epoch " + decision.epoch() + " already names region '"
                        + driver.fence().desired(group.id()).map(DesiredState::activeRegion).orElse("?") + "'",
                        "conflicting-epoch", true, collecting);
                return List.copyOf(reports);
            }
            case ADMITTED, REPLAY -> {
                // a valid decision is the group's latest word again; a replay is applied again below (ALREADY_IN_STATE)
                driver.alert(driver.alerts().resolve(rejectionKey(group.id()),
                        "decision " + decision.decisionId() + " (epoch " + decision.epoch() + ") accepted"));
            }
        }
        // before any work starts, so a resync meanwhile sees these targets converging rather than drifted
        group.targets().forEach(target -> driver.ledger().started(target.name(), decision.epoch()));
        // DNS targets another actuator owns now are its to change (it got the same decision); see decisions/0014
        CompletableFuture<?>[] running = group.targets().stream()
                .filter(driver.authority()::drives)
                .map(target -> CompletableFuture.runAsync(() -> driver.drive(target, decision, false, collecting), executor))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(running).join();
        return List.copyOf(reports);
    }

    private Optional<String> refusal(TrafficGroup group, String region) {
        if (!group.regions().contains(region)) {
            return Optional.of("region '" + region + "' is not in group '" + group.id() + "' (regions: "
                    + String.join(", ", group.regions()) + ")");
        }
        for (Target target : group.targets()) {
            Optional<String> refusal = target.refusal(region);
            if (refusal.isPresent()) {
                return Optional.of(target.name() + ": " + refusal.get());
            }
        }
        return Optional.empty();
    }

    private void reject(Decision decision, List<String> targets, String reason, String kind, boolean alert,
            Consumer<AttemptReport> collecting) {
        Instant now = driver.clock().instant();
        for (String target : targets) {
            driver.report(new AttemptReport(decision, target, Outcome.rejected(reason), 1, 0, now), collecting);
        }
        if (alert) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("reason", kind);
            labels.put("decisionId", decision.decisionId());
            labels.put("epoch", Long.toString(decision.epoch()));
            labels.put("region", decision.activeRegion());
            driver.alert(driver.alerts().fire(rejectionKey(decision.group()), AlertNotice.Severity.CRITICAL, decision.activeRegion(),
                    "decision " + decision.decisionId() + " rejected, nothing changed: " + reason, labels));
        }
    }

    private static AlertBook.Key rejectionKey(String group) {
        return new AlertBook.Key(AlertNotice.Kind.ACTUATION_FAILED, group, AlertBook.DECISIONS);
    }

    private static List<String> names(TrafficGroup group) {
        return group.targets().isEmpty()
                ? List.of(GROUP_TARGET_PREFIX + group.id())
                : group.targets().stream().map(Target::name).toList();
    }
}
