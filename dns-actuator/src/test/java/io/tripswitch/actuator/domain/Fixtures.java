package io.tripswitch.actuator.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** Test doubles of the domain's seams: a scripted target, a recording sink and a retrying guard without pauses. */
final class Fixtures {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private Fixtures() {
    }

    static Decision decision(long epoch, String region) {
        return new Decision("d-" + epoch + "-" + region, "app", epoch, region);
    }

    /** Collects every report and alert the actuator emits. */
    static class RecordingSink implements ActuationSink {
        final List<AttemptReport> reports = Collections.synchronizedList(new ArrayList<>());
        final List<AlertNotice> alerts = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void actuation(AttemptReport report) {
            reports.add(report);
        }

        @Override
        public void alert(AlertNotice notice) {
            alerts.add(notice);
        }
    }

    /** Retries a failed attempt up to {@code maxAttempts} times, at once; an open breaker is simulated by {@code open}. */
    static final class RetryingGuard implements TargetGuard {
        final int maxAttempts;
        volatile boolean open;

        RetryingGuard(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        @Override
        public Outcome call(Attempt attempt) {
            if (open) {
                return Outcome.failed("circuit breaker open");
            }
            Outcome outcome = null;
            for (int number = 1; number <= maxAttempts; number++) {
                outcome = attempt.run(number);
                if (!outcome.failed()) {
                    return outcome;
                }
            }
            return outcome;
        }
    }

    /** A target whose behaviour the test scripts; it records what it was asked to do and keeps its current region. */
    static final class ScriptedTarget implements Target {
        final String name;
        final List<String> regions;
        final List<String> applied = Collections.synchronizedList(new ArrayList<>());
        final List<String> previewed = Collections.synchronizedList(new ArrayList<>());
        volatile String current;
        volatile int failuresBeforeSuccess;
        volatile boolean unreadable;
        volatile CountDownLatch blockUntil;

        ScriptedTarget(String name, List<String> regions) {
            this.name = name;
            this.regions = regions;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String group() {
            return "app";
        }

        @Override
        public Optional<String> refusal(String region) {
            return regions.contains(region) ? Optional.empty() : Optional.of("no backend configured for region '" + region + "'");
        }

        @Override
        public Outcome apply(String region, long epoch) {
            if (blockUntil != null) {
                try {
                    blockUntil.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Outcome.failed("interrupted");
                }
            }
            if (failuresBeforeSuccess > 0) {
                failuresBeforeSuccess--;
                return Outcome.failed("scripted failure");
            }
            if (region.equals(current)) {
                return Outcome.alreadyInState("already " + region);
            }
            applied.add(region);
            current = region;
            return Outcome.applied("now " + region);
        }

        @Override
        public Inspection inspect(String region) {
            if (unreadable) {
                return Inspection.unreadable("server down");
            }
            return region.equals(current) ? Inspection.inState("now " + region) : Inspection.drifted("is " + current + ", not " + region);
        }

        @Override
        public Outcome preview(String region, long epoch) {
            previewed.add(region);
            return Outcome.dryRun("would set " + region);
        }
    }
}
