package io.tripswitch.actuator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RehearsalTest {

    @Test
    void shouldRunTwoDecisionsThroughTheGuardsOfItsOwnStandInsOnTheGivenExecutor() {
        Map<String, AtomicInteger> callsByTarget = new ConcurrentHashMap<>();
        Map<String, Outcome.Result> lastOutcome = new ConcurrentHashMap<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> new Thread(runnable, "rehearsal-pool"));
        try {
            Rehearsal.run(name -> attempt -> {
                callsByTarget.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                threads.add(Thread.currentThread().getName());
                Outcome outcome = attempt.run(1);
                lastOutcome.put(name, outcome.result());
                return outcome;
            }, executor, Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC));
        } finally {
            executor.shutdownNow();
        }

        assertThat(callsByTarget).containsOnlyKeys("rehearsal:one", "rehearsal:two");
        assertThat(callsByTarget.values()).allSatisfy(calls -> assertThat(calls).hasValue(2));
        assertThat(lastOutcome.values()).containsOnly(Outcome.Result.APPLIED);
        assertThat(threads).hasSize(4).containsOnly("rehearsal-pool");
    }
}
