package io.tripswitch.actuator.domain;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Runs decisions through a scratch {@link DecisionApplier} at startup: the same classes as the real one, over a
 * group of two stand-in targets that change nothing, reporting nowhere. The first real failover after a start then
 * does not pay for the first run of that code (lambda linkage, class initialisation, the guards' first calls, the
 * target pool's threads), which added ~10–30 ms to it on 2 cores (docs/decisions/0012).
 */
public final class Rehearsal {

    private static final ActuationSink NOWHERE = new ActuationSink() {
        @Override
        public void actuation(AttemptReport report) {
        }

        @Override
        public void alert(AlertNotice notice) {
        }
    };

    private Rehearsal() {
    }

    /** Two decisions (the second moves the group back), each applied on both stand-ins in parallel on {@code executor}. */
    public static void run(Function<String, TargetGuard> guards, Executor executor, Clock clock) {
        List<Target> targets = List.of(new StandIn("rehearsal:one"), new StandIn("rehearsal:two"));
        TrafficGroup group = new TrafficGroup("rehearsal", List.of("a", "b"), targets);
        TargetDriver driver = new TargetDriver(new EpochFence(), guards, new AlertBook(clock), NOWHERE, false, clock);
        DecisionApplier applier = new DecisionApplier(Map.of(group.id(), group), driver, executor);
        applier.apply(new Decision("rehearsal-1", group.id(), 1, "b"));
        applier.apply(new Decision("rehearsal-2", group.id(), 2, "a"));
    }

    /** A target that is switched by doing nothing. */
    private record StandIn(String name) implements Target {

        @Override
        public String group() {
            return "rehearsal";
        }

        @Override
        public Optional<String> refusal(String region) {
            return Optional.empty();
        }

        @Override
        public Outcome apply(String region, long epoch) {
            return Outcome.applied(name + " -> " + region);
        }

        @Override
        public Inspection inspect(String region) {
            return Inspection.inState(name + " " + region);
        }

        @Override
        public Outcome preview(String region, long epoch) {
            return Outcome.dryRun(name + " -> " + region);
        }
    }
}
