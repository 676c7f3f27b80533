package io.tripswitch.decision.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policy of a traffic group (DESIGN.md, "Failover policy" 5–8). Each rule is one method here:
 * <ul>
 * <li>{@link #failStatic}: every region DOWN → ALL_REGIONS_DOWN, nothing changes (never route to nowhere);</li>
 * <li>{@link #failover}: active region DOWN, not frozen → the first region in priority order that is ready
 *     ({@link Readiness}) and not barred by hold-down becomes active; none → FAILOVER_BLOCKED with a reason per
 *     region, re-evaluated on every input and every punctuation until one qualifies;</li>
 * <li>{@link GroupStatus#isBarred hold-down}: for {@code holdDown} after a decision, no automatic decision sends
 *     traffic back to the region just left; other regions are never held back by a timer;</li>
 * <li>{@link #decide flap breaker}: more than {@code maxFlips} automatic decisions within {@code flapWindow}
 *     freeze the group and raise FLAP_FROZEN (the decision that trips it is still taken: it leaves a DOWN region);</li>
 * <li>{@link #failback}: the preferred region UP and ready for {@code failbackAfter} → FAILBACK (auto) or
 *     FAILBACK_READY (manual, or auto held back by a freeze or hold-down);</li>
 * <li>{@link #command}: FREEZE / UNFREEZE / FAILOVER_TO; an unknown region is rejected (COMMAND_REJECTED).</li>
 * </ul>
 * Only DOWN triggers a failover: UNKNOWN, SUSPECT and silence never do. The policy is a pure function of the
 * group's state, the facts and the clock; the caller keeps the state and publishes the outcome.
 */
public final class GroupPolicy {

    private final PolicyRules rules;
    private final Clock clock;

    public GroupPolicy(PolicyRules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    /** Evaluates the group's automatic rules now (on new evidence, and on wall-clock punctuation for the timers). */
    public PolicyOutcome evaluate(GroupStatus state, GroupFacts facts) {
        return evaluate(state, facts, new ArrayList<>(), new ArrayList<>());
    }

    /** Applies an operator's command, then the automatic rules. */
    public PolicyOutcome command(GroupStatus state, OperatorRequest command, GroupFacts facts) {
        Instant now = clock.instant();
        List<Decision> decisions = new ArrayList<>();
        List<AlertCondition> events = new ArrayList<>();
        GroupStatus next = switch (command.type()) {
            case FREEZE -> state.frozen() ? state : state.withFrozen(true, state.flapFrozen(), state.automaticDecisions(), now);
            // Unfreezing also forgets the flap history: the operator has looked, and the breaker starts afresh.
            case UNFREEZE -> state.frozen() ? state.withFrozen(false, false, List.of(), now) : state;
            case FAILOVER_TO -> forceFailover(state, command, facts, now, decisions, events);
        };
        return evaluate(next, facts, decisions, events);
    }

    /** The one-shot COMMAND_REJECTED alert for a command naming a group that does not exist. */
    public AlertCondition rejectionOfUnknownGroup(String group, OperatorRequest command) {
        return rejection(group, command, "unknown group '" + group + "'");
    }

    private GroupStatus forceFailover(GroupStatus state, OperatorRequest command, GroupFacts facts, Instant now, List<Decision> decisions,
            List<AlertCondition> events) {
        String target = command.targetRegion().orElse("");
        if (!facts.regions().contains(target)) {
            events.add(rejection(state.group(), command, "unknown region '" + target + "' for group " + state.group() + " (regions: "
                    + String.join(", ", facts.regions()) + ")"));
            return state;
        }
        if (target.equals(state.activeRegion())) {
            events.add(rejection(state.group(), command, target + " is already the active region"));
            return state;
        }
        Readiness readiness = facts.readinessOf(target, rules, now);
        String reason = "operator " + command.operator() + ": " + command.reason()
                + (readiness.ready() ? "" : " (target NOT ready: " + readiness.reason() + ")");
        Decision decision = decision(state, Decision.Action.OPERATOR, target, reason, readiness, facts, now, Optional.of(command.operator()));
        decisions.add(decision);
        events.add(failoverEvent(decision, readiness.ready() ? AlertType.Severity.INFO : AlertType.Severity.WARNING));
        return decide(state, decision, facts, now);
    }

    private PolicyOutcome evaluate(GroupStatus state, GroupFacts facts, List<Decision> decisions, List<AlertCondition> events) {
        Instant now = clock.instant();
        List<AlertCondition> holding = new ArrayList<>();
        GroupStatus current = state.forgettingDecisionsBefore(now.minus(rules.flapWindow()));
        if (facts.everyRegionDown()) {
            current = failStatic(current, facts, holding);
        } else {
            Map<String, Readiness> readiness = facts.readiness(rules, now);
            current = trackPreferredRegion(current, facts, readiness, now);
            Optional<Decision> decision = facts.isDown(current.activeRegion())
                    ? failover(current, facts, readiness, now, holding)
                    : failback(current, facts, readiness, now, holding);
            if (decision.isPresent()) {
                decisions.add(decision.get());
                events.add(failoverEvent(decision.get(), decision.get().action() == Decision.Action.FAILOVER
                        ? AlertType.Severity.WARNING : AlertType.Severity.INFO));
                current = decide(current, decision.get(), facts, now);
            }
        }
        if (current.flapFrozen()) {
            holding.add(AlertCondition.ofGroup(AlertType.FLAP_FROZEN, AlertType.Severity.CRITICAL, current.group(), current.activeRegion(),
                    String.format("group %s frozen by the flap breaker: more than %d automatic decisions within %s; an operator must UNFREEZE",
                            current.group(), rules.maxFlips(), rules.flapWindow()), Map.of("maxFlips", Integer.toString(rules.maxFlips()))));
        }
        return new PolicyOutcome(current, decisions, holding, events);
    }

    /**
     * Every region DOWN: change nothing (fail static). Hold-down is lifted: once every region has been down, the
     * last decision's premise is gone, and sending traffic to the first region that recovers is recovery, not
     * ping-pong (this closes the race of a simultaneous outage, where the standby was still UP at the instant the
     * active region reached {@code fall}).
     */
    private GroupStatus failStatic(GroupStatus current, GroupFacts facts, List<AlertCondition> holding) {
        holding.add(AlertCondition.ofGroup(AlertType.ALL_REGIONS_DOWN, AlertType.Severity.CRITICAL, current.group(), current.activeRegion(),
                "every region of group " + current.group() + " is DOWN (" + String.join(", ", facts.regions())
                        + "): traffic stays on " + current.activeRegion() + " (fail static)", Map.of()));
        return current.withoutHoldDown().withPreferredReadySince(Optional.empty());
    }

    private Optional<Decision> failover(GroupStatus current, GroupFacts facts, Map<String, Readiness> readiness, Instant now,
            List<AlertCondition> holding) {
        String active = current.activeRegion();
        if (current.frozen()) {
            holding.add(blocked(current, active + " DOWN but group " + current.group() + " is frozen: no automatic decision", "frozen", Map.of()));
            return Optional.empty();
        }
        Map<String, String> whyNot = new LinkedHashMap<>();
        Map<String, String> causes = new LinkedHashMap<>();
        for (String region : facts.regions()) {
            if (region.equals(active)) {
                continue;
            }
            Readiness candidate = readiness.get(region);
            if (!candidate.ready()) {
                whyNot.put(region, candidate.reason());
                causes.put(region, candidate.cause());
            } else if (current.isBarred(region, now)) {
                whyNot.put(region, region + ": hold-down until " + current.holdDownUntil().orElseThrow() + " (the region just left)");
                causes.put(region, "hold-down");
            } else {
                RegionAssessment left = facts.health().get(active);
                String reason = String.format("%s DOWN (%d of %d counted observers see it down, quorum met); %s is the first ready region "
                        + "in priority order (%s)", active, left.observersDown(), left.observersConfigured(), region, candidate.reason());
                if (!whyNot.isEmpty()) {
                    reason += "; passed over: " + String.join("; ", whyNot.values());
                }
                return Optional.of(decision(current, Decision.Action.FAILOVER, region, reason, candidate, facts, now, Optional.empty()));
            }
        }
        holding.add(blocked(current, active + " DOWN and no region qualifies: " + String.join("; ", whyNot.values()), "no-region-qualifies",
                causes));
        return Optional.empty();
    }

    /** Starts, keeps or stops the failback timer: since when the preferred region has been UP and ready while not active. */
    private static GroupStatus trackPreferredRegion(GroupStatus current, GroupFacts facts, Map<String, Readiness> readiness, Instant now) {
        String preferred = facts.preferredRegion();
        if (current.activeRegion().equals(preferred) || !readiness.get(preferred).ready()) {
            return current.withPreferredReadySince(Optional.empty());
        }
        return current.preferredReadySince().isPresent() ? current : current.withPreferredReadySince(Optional.of(now));
    }

    private Optional<Decision> failback(GroupStatus current, GroupFacts facts, Map<String, Readiness> readiness, Instant now,
            List<AlertCondition> holding) {
        String preferred = facts.preferredRegion();
        Optional<Instant> since = current.preferredReadySince();
        if (since.isEmpty() || now.isBefore(since.get().plus(rules.failbackAfter()))) {
            return Optional.empty();
        }
        boolean auto = rules.failback() == PolicyRules.Failback.AUTO;
        if (auto && !current.frozen() && !current.isBarred(preferred, now)) {
            String reason = String.format("preferred region %s UP and ready since %s (failback after %s); %s", preferred, since.get(),
                    rules.failbackAfter(), readiness.get(preferred).reason());
            return Optional.of(decision(current, Decision.Action.FAILBACK, preferred, reason, readiness.get(preferred), facts, now, Optional.empty()));
        }
        String held = !auto ? "failback is manual: send FAILOVER_TO " + preferred
                : current.frozen() ? "automatic failback held: the group is frozen"
                : "automatic failback held by hold-down until " + current.holdDownUntil().orElseThrow();
        holding.add(AlertCondition.ofGroup(AlertType.FAILBACK_READY, AlertType.Severity.INFO, current.group(), preferred,
                String.format("preferred region %s has been UP and ready since %s; %s", preferred, since.get(), held),
                Map.of("readySince", since.get().toString())));
        return Optional.empty();
    }

    private static Decision decision(GroupStatus current, Decision.Action action, String target, String reason, Readiness readiness,
            GroupFacts facts, Instant now, Optional<String> operator) {
        long epoch = current.epoch() + 1;
        return new Decision(Decision.idFor(current.group(), epoch, now), current.group(), epoch, action, target, current.activeRegion(),
                facts.regions().stream().filter(region -> !region.equals(target)).toList(), reason, facts.evidence(), now, operator,
                readiness.worstLagMs());
    }

    /**
     * The group's state after a decision: the new active region and epoch, hold-down against the region just left,
     * and the flap breaker, which freezes the group when this automatic decision is one more than {@code maxFlips}
     * within {@code flapWindow}.
     */
    private GroupStatus decide(GroupStatus current, Decision decision, GroupFacts facts, Instant now) {
        List<Instant> automatic = new ArrayList<>(current.automaticDecisions());
        if (decision.isAutomatic()) {
            automatic.add(now);
        }
        boolean tripped = decision.isAutomatic() && automatic.size() > rules.maxFlips();
        Optional<Instant> readySince = decision.activeRegion().equals(facts.preferredRegion()) ? Optional.empty() : current.preferredReadySince();
        return new GroupStatus(current.group(), decision.activeRegion(), decision.epoch(), current.frozen() || tripped,
                Optional.of(now.plus(rules.holdDown())), Optional.of(decision.decisionId()), now, Optional.of(current.activeRegion()),
                current.flapFrozen() || tripped, automatic, readySince);
    }

    /**
     * FAILOVER_BLOCKED. Its labels name what blocks it ({@code blockedBy}, and per region a {@link Readiness#cause}), never
     * figures, so the alert is updated (FIRING again under its id, with the new summary) when the reason changes, and not
     * when a lag figure moves.
     */
    private static AlertCondition blocked(GroupStatus current, String summary, String blockedBy, Map<String, String> causes) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("blockedBy", blockedBy);
        causes.forEach((region, cause) -> labels.put("reason." + region, cause));
        return AlertCondition.ofGroup(AlertType.FAILOVER_BLOCKED, AlertType.Severity.CRITICAL, current.group(), current.activeRegion(),
                "failover of " + current.group() + " blocked: " + summary, labels);
    }

    private static AlertCondition failoverEvent(Decision decision, AlertType.Severity severity) {
        return new AlertCondition(AlertType.FAILOVER + "/" + decision.group() + "/" + decision.epoch(), AlertType.FAILOVER, severity,
                Optional.of(decision.group()), Optional.of(decision.activeRegion()),
                String.format("%s %s: %s -> %s (epoch %d): %s", decision.action(), decision.group(), decision.previousRegion(),
                        decision.activeRegion(), decision.epoch(), decision.reason()),
                Map.of("action", decision.action().name(), "epoch", Long.toString(decision.epoch()), "decisionId", decision.decisionId(),
                        "previousRegion", decision.previousRegion()));
    }

    private static AlertCondition rejection(String group, OperatorRequest command, String why) {
        return new AlertCondition(AlertType.COMMAND_REJECTED + "/" + group + "/" + command.commandId(), AlertType.COMMAND_REJECTED,
                AlertType.Severity.WARNING, Optional.of(group), command.targetRegion(),
                "command " + command.type() + " " + command.commandId() + " by " + command.operator() + " rejected: " + why + "; nothing changed",
                Map.of("commandId", command.commandId(), "operator", command.operator(), "command", command.type().name()));
    }
}
