package io.tripswitch.probe.schedule;

import io.tripswitch.probe.check.CheckTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spreads the first check of every target over its interval, so N endpoints at interval I are checked
 * one every I/N instead of all at once (no synchronized bursts of requests nor of results). Deterministic:
 * the same targets and seed give the same offsets; a per-probe seed shifts the whole pattern so two
 * probes do not hit an endpoint at the same instant.
 */
public final class StartOffsets {

    private StartOffsets() {
    }

    /** The delay before each target's first check, in [0, interval); iteration order follows region, endpoint. */
    public static Map<CheckTarget, Duration> spread(List<CheckTarget> targets, long seed) {
        Map<Duration, List<CheckTarget>> byInterval = new TreeMap<>();
        targets.stream()
                .sorted(Comparator.comparing(CheckTarget::region).thenComparing(CheckTarget::endpoint))
                .forEach(target -> byInterval.computeIfAbsent(target.interval(), interval -> new ArrayList<>()).add(target));

        Map<CheckTarget, Duration> offsets = new LinkedHashMap<>();
        byInterval.forEach((interval, sameInterval) -> {
            long intervalNanos = interval.toNanos();
            long stepNanos = Math.max(1, intervalNanos / sameInterval.size());
            long phaseNanos = Math.floorMod(seed, stepNanos);
            for (int i = 0; i < sameInterval.size(); i++) {
                long offsetNanos = (i * stepNanos + phaseNanos) % intervalNanos;
                offsets.put(sameInterval.get(i), Duration.ofNanos(offsetNanos));
            }
        });
        return offsets;
    }
}
