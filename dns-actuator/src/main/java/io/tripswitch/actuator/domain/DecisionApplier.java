package io.tripswitch.actuator.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Turns one decision into attempts on the group's targets. Checks, in order, that the group is known,
 * that every target of the group has the active region configured (closed addresses), and that the
 * epoch is above the last admitted one (fencing); any failed check rejects the whole decision and
 * changes nothing. Admitted decisions are applied on every target in parallel, each with its own
 * bounded retries, so one slow or failing target never holds back another.
 */
public final class DecisionApplier {

    /** Target name used when a decision is rejected before any target is known (unknown group). */
    public static final String GROUP_TARGET_PREFIX = "group:";

    /** Pauses between retries; a seam so tests need not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Map<String, TrafficGroup> groups;
    private final EpochFence fence;
    private final RetryPolicy retry;
    private final boolean dryRun;
    private final Clock clock;
    private final Executor executor;
    private final Sleeper sleeper;

    public DecisionApplier(Map<String, TrafficGroup> groups, EpochFence fence, RetryPolicy retry, boolean dryRun,
            Clock clock, Executor executor, Sleeper sleeper) {
        this.groups = Map.copyOf(groups);
        this.fence = fence;
        this.retry = retry;
        this.dryRun = dryRun;
        this.clock = clock;
        this.executor = executor;
        this.sleeper = sleeper;
    }

    /** The traffic groups and their targets, as configured. */
    public Map<String, TrafficGroup> groups() {
        return groups;
    }

    /**
     * Applies {@code decision}, handing every attempt's report to {@code sink} as soon as it is known
     * (calls are serialised), and returns once every target is done.
     */
    public List<AttemptReport> apply(Decision decision, Consumer<AttemptReport> sink) {
        List<AttemptReport> reports = new ArrayList<>();
        Consumer<AttemptReport> collecting = report -> {
            synchronized (reports) {
                reports.add(report);
                sink.accept(report);
            }
        };
        TrafficGroup group = groups.get(decision.group());
        if (group == null) {
            collecting.accept(report(decision, GROUP_TARGET_PREFIX + decision.group(),
                    Outcome.rejected("unknown group '" + decision.group() + "'"), 1, clock.instant()));
            return List.copyOf(reports);
        }
        Optional<String> refusal = refusal(group, decision.activeRegion());
        if (refusal.isPresent()) {
            rejectAll(group, decision, refusal.get(), collecting);
            return List.copyOf(reports);
        }
        if (!fence.admit(group.id(), decision.epoch())) {
            rejectAll(group, decision, "stale epoch " + decision.epoch() + ": last admitted epoch for group '" + group.id()
                    + "' is " + fence.last(group.id()).orElseThrow(), collecting);
            return List.copyOf(reports);
        }
        CompletableFuture<?>[] running = group.targets().stream()
                .map(target -> CompletableFuture.runAsync(() -> drive(target, decision, collecting), executor))
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

    private void rejectAll(TrafficGroup group, Decision decision, String reason, Consumer<AttemptReport> sink) {
        Instant now = clock.instant();
        if (group.targets().isEmpty()) {
            sink.accept(report(decision, GROUP_TARGET_PREFIX + group.id(), Outcome.rejected(reason), 1, now));
        }
        for (Target target : group.targets()) {
            sink.accept(report(decision, target.name(), Outcome.rejected(reason), 1, now));
        }
    }

    private void drive(Target target, Decision decision, Consumer<AttemptReport> sink) {
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            if (attempt > 1 && !pause(retry.backoffBefore(attempt))) {
                return;
            }
            Instant start = clock.instant();
            Outcome outcome = attempt(target, decision);
            sink.accept(new AttemptReport(decision, target.name(), outcome, attempt,
                    Duration.between(start, clock.instant()).toMillis(), start));
            if (!outcome.failed()) {
                return;
            }
        }
    }

    private Outcome attempt(Target target, Decision decision) {
        try {
            return dryRun
                    ? target.preview(decision.activeRegion(), decision.epoch())
                    : target.apply(decision.activeRegion(), decision.epoch());
        } catch (RuntimeException e) {
            // Adapters should not throw; if one does, it is a failed attempt, not a dead consumer.
            return Outcome.failed("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private boolean pause(Duration duration) {
        try {
            sleeper.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static AttemptReport report(Decision decision, String target, Outcome outcome, int attempt, Instant at) {
        return new AttemptReport(decision, target, outcome, attempt, 0, at);
    }
}
