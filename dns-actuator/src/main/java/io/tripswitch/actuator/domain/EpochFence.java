package io.tripswitch.actuator.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The desired state of each group and the fence that guards it: a decision is admitted only when its
 * epoch is above the current one; the same epoch and region again is a replay (applied again, which
 * changes nothing); anything else is refused so a stale or replayed decision cannot undo a newer one.
 * Seeded at start from {@code tripswitch.group-state} (see {@link #observe}), so the fence survives a restart.
 */
public final class EpochFence {

    /** How a decision relates to the group's current desired state. */
    public enum Verdict {
        /** Newer than anything known: now the desired state. */
        ADMITTED,
        /** Same epoch and region as the desired state: a redelivery, idempotent. */
        REPLAY,
        /** Older epoch than the desired state. */
        STALE,
        /** Same epoch, another region: two different decisions claim one epoch. */
        CONFLICT
    }

    private final Map<String, DesiredState> desired = new HashMap<>();

    /** Judges {@code decision}, recording it as the desired state when admitted. */
    public synchronized Verdict judge(Decision decision) {
        DesiredState current = desired.get(decision.group());
        if (current == null || decision.epoch() > current.epoch()) {
            desired.put(decision.group(), DesiredState.of(decision));
            return Verdict.ADMITTED;
        }
        if (decision.epoch() < current.epoch()) {
            return Verdict.STALE;
        }
        return current.activeRegion().equals(decision.activeRegion()) ? Verdict.REPLAY : Verdict.CONFLICT;
    }

    /** Takes a known state (a GroupState read from the topic) as desired when it is newer than what the fence holds. */
    public synchronized boolean observe(DesiredState state) {
        DesiredState current = desired.get(state.group());
        if (current != null && state.epoch() <= current.epoch()) {
            return false;
        }
        desired.put(state.group(), state);
        return true;
    }

    public synchronized Optional<DesiredState> desired(String group) {
        return Optional.ofNullable(desired.get(group));
    }

    /** Whether work at {@code epoch} still matches the group's desired state (else a newer decision superseded it). */
    public synchronized boolean isCurrent(String group, long epoch) {
        DesiredState current = desired.get(group);
        return current != null && current.epoch() == epoch;
    }

    public synchronized Map<String, DesiredState> snapshot() {
        return Map.copyOf(desired);
    }
}
