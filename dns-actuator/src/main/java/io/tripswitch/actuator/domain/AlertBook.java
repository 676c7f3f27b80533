package io.tripswitch.actuator.domain;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Which alerts are firing, so each condition fires once and resolves once however often a resync or a
 * retry sees it. The RESOLVED notice carries the FIRING one's alertId so the pair can be matched.
 * Alerts are keyed by kind, group and subject (a target name, or {@link #DECISIONS} for a rejected decision).
 */
public final class AlertBook {

    /** Subject of the alert raised for a rejected decision (rather than for one target). */
    public static final String DECISIONS = "decisions";

    /** What an alert is about. */
    public record Key(AlertNotice.Kind kind, String group, String subject) {
    }

    private final Clock clock;
    private final Supplier<String> ids;
    private final Map<Key, AlertNotice> firing = new HashMap<>();

    public AlertBook(Clock clock) {
        this(clock, () -> UUID.randomUUID().toString());
    }

    AlertBook(Clock clock, Supplier<String> ids) {
        this.clock = clock;
        this.ids = ids;
    }

    /** A FIRING notice, unless the same key is already firing. */
    public synchronized Optional<AlertNotice> fire(Key key, AlertNotice.Severity severity, String region, String summary,
            Map<String, String> labels) {
        if (firing.containsKey(key)) {
            return Optional.empty();
        }
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put("subject", key.subject());
        AlertNotice notice = new AlertNotice(ids.get(), key.kind(), severity, AlertNotice.Status.FIRING, key.group(), region,
                summary, all, clock.instant());
        firing.put(key, notice);
        return Optional.of(notice);
    }

    /** A RESOLVED notice, if the key was firing. */
    public synchronized Optional<AlertNotice> resolve(Key key, String summary) {
        AlertNotice fired = firing.remove(key);
        if (fired == null) {
            return Optional.empty();
        }
        return Optional.of(new AlertNotice(fired.alertId(), fired.kind(), fired.severity(), AlertNotice.Status.RESOLVED,
                fired.group(), fired.region(), summary, fired.labels(), clock.instant()));
    }

    public synchronized boolean isFiring(Key key) {
        return firing.containsKey(key);
    }
}
