package io.tripswitch.decision.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The alert lifecycle (FIRING / RESOLVED), in one place: given the alerts active so far and the conditions that
 * hold now, a condition not yet active FIRES once, an active one whose condition no longer holds is RESOLVED
 * once, and one that still holds says nothing (no storm of repeats) — unless its labels changed: then it is
 * updated, FIRING again under the same alert id with the new summary and labels (the same incident, now for
 * another reason: a pager deduplicating on the id updates it rather than paging anew, and nothing claims it is
 * over). Labels name the reason, summaries carry the figures. The caller keeps the active set in a state store,
 * so a restart or a replay does not fire again.
 */
public final class AlertBook {

    private AlertBook() {
    }

    /** The active alerts after this evaluation, and what to publish. */
    public record Result(Map<String, ActiveAlert> active, List<AlertNotice> notices) {
    }

    /** Reconciles the {@code active} alerts with the conditions that hold {@code now}. */
    public static Result reconcile(Map<String, ActiveAlert> active, Collection<AlertCondition> holding, Instant now) {
        Map<String, AlertCondition> current = new LinkedHashMap<>();
        holding.forEach(condition -> current.putIfAbsent(condition.key(), condition));
        Map<String, ActiveAlert> next = new TreeMap<>();
        List<AlertNotice> notices = new ArrayList<>();
        active.forEach((key, alert) -> {
            AlertCondition holds = current.get(key);
            if (holds != null && !holds.labels().equals(alert.condition().labels())) {
                next.put(key, new ActiveAlert(alert.alertId(), holds, alert.firedAt()));
                notices.add(new AlertNotice(alert.alertId(), holds, AlertNotice.Status.FIRING, now));
            } else if (holds != null) {
                next.put(key, alert);
            } else {
                notices.add(new AlertNotice(alert.alertId(), alert.condition(), AlertNotice.Status.RESOLVED, now));
            }
        });
        current.forEach((key, condition) -> {
            if (!active.containsKey(key)) {
                String id = idFor(key, now);
                next.put(key, new ActiveAlert(id, condition, now));
                notices.add(new AlertNotice(id, condition, AlertNotice.Status.FIRING, now));
            }
        });
        return new Result(next, notices);
    }

    /** A one-shot event (nothing to resolve): it FIRES once and is not remembered. */
    public static AlertNotice event(AlertCondition condition, Instant now) {
        return new AlertNotice(idFor(condition.key(), now), condition, AlertNotice.Status.FIRING, now);
    }

    /** Derived from the condition and the time, so reprocessing the same input yields the same id. */
    private static String idFor(String key, Instant at) {
        return UUID.nameUUIDFromBytes((key + "@" + at.toEpochMilli()).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
