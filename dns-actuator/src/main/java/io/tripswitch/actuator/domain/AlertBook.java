package io.tripswitch.actuator.domain;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Which alerts are firing, so each condition fires once and resolves once however often a resync or a
 * retry sees it. The RESOLVED notice carries the FIRING one's alertId so the pair can be matched.
 * Alerts are keyed by kind, group and subject (a target name, or {@link #DECISIONS} for a rejected decision).
 */
public final class AlertBook {

    /** Subject of the alert raised for a rejected decision (rather than for one target). */
    public static final String DECISIONS = "decisions";

    /** Subject of the alert an actuator raises while Kafka has been silent longer than max-silence (fail static). */
    public static final String KAFKA_SILENCE = "kafka-silence";

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

    /**
     * Takes back an alert this actuator raised before a restart and never resolved (read from the alerts topic), so
     * it resolves once, under its own alertId, when its condition clears. False when the key is already firing here.
     */
    public synchronized boolean restore(AlertNotice fired) {
        if (fired.status() != AlertNotice.Status.FIRING) {
            throw new IllegalArgumentException("only a FIRING alert can be restored, got " + fired.status());
        }
        return firing.putIfAbsent(keyOf(fired), fired) == null;
    }

    /**
     * Restores every alert of {@code stillFiring}; one whose key {@code watched} refuses (its group or target is no
     * longer configured, so nothing would ever resolve it) is resolved at once. Returns those RESOLVED notices.
     */
    public synchronized List<AlertNotice> restoreAll(Collection<AlertNotice> stillFiring, Predicate<Key> watched) {
        List<AlertNotice> resolved = new ArrayList<>();
        for (AlertNotice fired : stillFiring) {
            Key key = keyOf(fired);
            if (restore(fired) && !watched.test(key)) {
                resolve(key, key.subject() + " of group " + key.group() + " is no longer in the actuator's configuration")
                        .ifPresent(resolved::add);
            }
        }
        return resolved;
    }

    /** The key {@code notice} was raised under (its subject label, as {@link #fire} sets it). */
    public static Key keyOf(AlertNotice notice) {
        return new Key(notice.kind(), notice.group(), notice.labels().getOrDefault("subject", ""));
    }

    public synchronized boolean isFiring(Key key) {
        return firing.containsKey(key);
    }
}
