package io.tripswitch.actuator.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Does the work on one target, for a decision or for a resync: every attempt under the target's guard and
 * lock, re-checking that the work is still current (a newer decision supersedes it), every attempt reported,
 * and the target's alerts kept: ACTUATION_FAILED fires when an application gives up and resolves once the
 * target is in state; DRIFT_DETECTED resolves likewise.
 */
public final class TargetDriver {

    private final EpochFence fence;
    private final Function<String, TargetGuard> guards;
    private final AlertBook alerts;
    private final TargetLedger ledger = new TargetLedger();
    private final ActuationSink sink;
    private final boolean dryRun;
    private final Clock clock;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    private final Authority authority;

    /** {@code guards} gives each target (by name) its own guard, built once; this actuator drives every target, always. */
    public TargetDriver(EpochFence fence, Function<String, TargetGuard> guards, AlertBook alerts, ActuationSink sink,
            boolean dryRun, Clock clock) {
        this(fence, guards, alerts, sink, dryRun, clock, new Authority(DnsOwnership.everything(), SilenceWatch.never(clock)));
    }

    /** Like the other constructor, with what this actuator may change now ({@code authority}: ownership, max-silence). */
    public TargetDriver(EpochFence fence, Function<String, TargetGuard> guards, AlertBook alerts, ActuationSink sink,
            boolean dryRun, Clock clock, Authority authority) {
        this.authority = authority;
        this.fence = fence;
        this.guards = guards;
        this.alerts = alerts;
        this.sink = sink;
        this.dryRun = dryRun;
        this.clock = clock;
    }

    EpochFence fence() {
        return fence;
    }

    Authority authority() {
        return authority;
    }

    AlertBook alerts() {
        return alerts;
    }

    TargetLedger ledger() {
        return ledger;
    }

    boolean dryRun() {
        return dryRun;
    }

    Clock clock() {
        return clock;
    }

    void report(AttemptReport report, Consumer<AttemptReport> also) {
        also.accept(report);
        sink.actuation(report);
    }

    void alert(Optional<AlertNotice> notice) {
        notice.ifPresent(sink::alert);
    }

    /**
     * Makes {@code target} follow {@code decision} (or previews it in dry run); {@code repairingDrift} reports a
     * successful change as DRIFT_REPAIRED. Returns the final outcome, or empty when a newer decision superseded the work.
     */
    Optional<Outcome> drive(Target target, Decision decision, boolean repairingDrift, Consumer<AttemptReport> also) {
        if (dryRun) {
            Instant start = clock.instant();
            Outcome preview = safely(() -> target.preview(decision.activeRegion(), decision.epoch()));
            report(new AttemptReport(decision, target.name(), preview, 1, elapsedMs(start), start), also);
            return Optional.of(preview);
        }
        Outcome[] lastReported = new Outcome[1];
        int[] attempts = new int[1];
        Outcome result;
        try {
            result = guards.apply(target.name()).call(number -> {
                Outcome outcome = attemptOnce(target, decision, number, repairingDrift, also);
                synchronized (lastReported) {
                    lastReported[0] = outcome;
                    attempts[0] = number;
                }
                return outcome;
            });
        } catch (TargetGuard.AttemptSuperseded e) {
            return Optional.empty();
        }
        synchronized (lastReported) {
            if (result != lastReported[0]) {
                // the guard's own verdict: no attempt ran (open breaker), or the last one overran its timeout
                Instant now = clock.instant();
                report(new AttemptReport(decision, target.name(), result, Math.max(1, attempts[0]), 0, now), also);
            }
        }
        settle(target, decision, result);
        return Optional.of(result);
    }

    private Outcome attemptOnce(Target target, Decision decision, int number, boolean repairingDrift, Consumer<AttemptReport> also) {
        ReentrantLock lock = lockOf(target);
        Instant start = clock.instant();
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Outcome outcome = Outcome.failed("interrupted while another change of " + target.name() + " was running");
            report(new AttemptReport(decision, target.name(), outcome, number, elapsedMs(start), start), also);
            return outcome;
        }
        try {
            if (!fence.isCurrent(decision.group(), decision.epoch())) {
                throw new TargetGuard.AttemptSuperseded("epoch " + decision.epoch() + " of group " + decision.group() + " superseded");
            }
            if (!authority.drives(target)) {
                throw new TargetGuard.AttemptSuperseded(target.name() + ": this actuator no longer owns group " + decision.group() + "'s DNS");
            }
            Outcome outcome = safely(() -> target.apply(decision.activeRegion(), decision.epoch()));
            if (repairingDrift && outcome.result() == Outcome.Result.APPLIED) {
                outcome = Outcome.driftRepaired(outcome.detail());
            }
            report(new AttemptReport(decision, target.name(), outcome, number, elapsedMs(start), start), also);
            return outcome;
        } finally {
            lock.unlock();
        }
    }

    /** Reads {@code target} under its lock; empty when the desired state changed meanwhile. */
    Optional<Inspection> inspect(Target target, DesiredState desired) {
        ReentrantLock lock = lockOf(target);
        lock.lock();
        try {
            if (!fence.isCurrent(desired.group(), desired.epoch())) {
                return Optional.empty();
            }
            try {
                return Optional.of(target.inspect(desired.activeRegion(), desired.epoch()));
            } catch (RuntimeException e) {
                return Optional.of(Inspection.unreadable("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Books the final outcome of an application: the ledger, and the target's alerts. */
    void settle(Target target, Decision decision, Outcome result) {
        if (result.inState()) {
            inState(target, decision, "in state: " + result.detail());
        } else if (result.result() == Outcome.Result.REJECTED) {
            // the target carries a newer epoch than this decision (only a target rejects here): left as is, said once
            fireAhead(target, decision, result.detail());
        } else if (result.failed()) {
            ledger.failed(target.name(), decision.epoch());
            fireFailure(target, decision, target.name() + " could not be switched to " + decision.activeRegion() + " (epoch "
                    + decision.epoch() + "): " + result.detail());
        }
    }

    void inState(Target target, Decision decision, String summary) {
        ledger.confirmed(target.name(), decision.epoch());
        alert(alerts.resolve(new AlertBook.Key(AlertNotice.Kind.ACTUATION_FAILED, decision.group(), target.name()),
                target.name() + " " + summary));
        alert(alerts.resolve(new AlertBook.Key(AlertNotice.Kind.DRIFT_DETECTED, decision.group(), target.name()),
                target.name() + " " + summary));
    }

    void fireFailure(Target target, Decision decision, String summary) {
        alert(alerts.fire(new AlertBook.Key(AlertNotice.Kind.ACTUATION_FAILED, decision.group(), target.name()),
                AlertNotice.Severity.CRITICAL, decision.activeRegion(), summary, labels(target, decision)));
    }

    void fireDrift(Target target, Decision decision, String summary) {
        alert(alerts.fire(new AlertBook.Key(AlertNotice.Kind.DRIFT_DETECTED, decision.group(), target.name()),
                AlertNotice.Severity.WARNING, decision.activeRegion(), summary, labels(target, decision)));
    }

    /** A target that carries a newer epoch than the desired state: never moved back; DRIFT_DETECTED says so, once. */
    void fireAhead(Target target, Decision decision, String detail) {
        Map<String, String> labels = labels(target, decision);
        labels.put("reason", "newer-epoch-at-target");
        alert(alerts.fire(new AlertBook.Key(AlertNotice.Kind.DRIFT_DETECTED, decision.group(), target.name()),
                AlertNotice.Severity.WARNING, decision.activeRegion(), target.name() + " left as is: " + detail, labels));
    }

    private static Map<String, String> labels(Target target, Decision decision) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("target", target.name());
        labels.put("epoch", Long.toString(decision.epoch()));
        labels.put("decisionId", decision.decisionId());
        return labels;
    }

    private ReentrantLock lockOf(Target target) {
        return locks.computeIfAbsent(target.name(), name -> new ReentrantLock());
    }

    private long elapsedMs(Instant start) {
        return Math.max(0, Duration.between(start, clock.instant()).toMillis());
    }

    private static Outcome safely(Supplier<Outcome> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            // Adapters should not throw; if one does, it is a failed attempt, not a dead consumer.
            return Outcome.failed("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
