package io.tripswitch.probe.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.mutiny.Uni;
import io.tripswitch.fixtures.HaproxyServer;
import io.tripswitch.probe.check.Check;
import io.tripswitch.probe.check.CheckKind;
import io.tripswitch.probe.check.CheckOutcome;
import io.tripswitch.probe.check.CheckTarget;
import io.tripswitch.probe.check.HaproxyCheck;
import io.tripswitch.probe.check.HaproxySource;
import io.tripswitch.probe.check.HttpCheck;
import io.tripswitch.probe.testing.HealthServer;
import io.vertx.mutiny.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckSchedulerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private Vertx vertx;
    private HealthServer server;
    private HttpCheck check;
    private final List<String> results = new CopyOnWriteArrayList<>();
    private CheckScheduler scheduler;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = HealthServer.start();
        check = new HttpCheck(vertx);
        scheduler = new CheckScheduler(vertx, List.of(check),
                (target, outcome) -> results.add(target.name() + " " + describe(outcome)));
    }

    @AfterEach
    void stop() {
        scheduler.close();
        check.close();
        server.close();
        vertx.closeAndAwait();
    }

    @Test
    void shouldDeliverOneResultPerServerOfAnHaproxyTarget(@TempDir Path dir) {
        // given a real HAProxy with two servers in backend app_rbx, checked through the scheduler
        try (HaproxyServer haproxy = HaproxyServer.startHealthChecked(dir, server.port());
                CheckScheduler haproxyScheduler = new CheckScheduler(vertx, List.of(new HaproxyCheck(vertx)),
                        (target, outcome) -> results.add(target.name() + " " + outcome.up()))) {
            CheckTarget lb = CheckTarget.haproxy("rbx", "lb", new HaproxySource(haproxy.adminSocket().toString(), Optional.of("app_rbx")),
                    Duration.ofMillis(200), Duration.ofSeconds(10));

            // when
            haproxyScheduler.start(Map.of(lb, Duration.ZERO));

            // then each server's result is delivered under its own endpoint id, the dead one DOWN once HAProxy saw it
            await().atMost(WAIT).untilAsserted(() -> assertThat(results).contains("rbx/lb/app_rbx/rbx1 true", "rbx/lb/app_rbx/rbx2 false"));
            assertThat(results).allMatch(result -> result.startsWith("rbx/lb/app_rbx/rbx1 ") || result.startsWith("rbx/lb/app_rbx/rbx2 "));
        }
    }

    @Test
    void shouldCheckEveryTargetAgainAtItsInterval() {
        // given two endpoints of two regions
        CheckTarget gra = target("gra", "/gra/health", Duration.ofMillis(100), Duration.ofSeconds(10));
        CheckTarget rbx = target("rbx", "/rbx/health", Duration.ofMillis(100), Duration.ofSeconds(10));
        server.answer("/rbx/health", 503);

        // when
        scheduler.start(StartOffsets.spread(List.of(gra, rbx), 0));

        // then both are checked repeatedly, each with its own outcome
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(results).filteredOn(result -> result.equals("gra/app1 UP HTTP 200")).hasSizeGreaterThanOrEqualTo(3);
            assertThat(results).filteredOn(result -> result.equals("rbx/app1 DOWN HTTP 503")).hasSizeGreaterThanOrEqualTo(3);
        });
        assertThat(results).containsOnly("gra/app1 UP HTTP 200", "rbx/app1 DOWN HTTP 503");
    }

    @Test
    void shouldNotStartACheckWhileThePreviousOneOfTheSameEndpointIsRunning() {
        // given an endpoint that answers after several of its intervals
        server.delay("/slow/health", Duration.ofMillis(700));
        CheckTarget slow = target("gra", "/slow/health", Duration.ofMillis(100), Duration.ofSeconds(10));

        // when
        scheduler.start(Map.of(slow, Duration.ZERO));

        // then checks follow one another, never overlapping, and the missed ticks are counted
        await().atMost(WAIT).untilAsserted(() -> assertThat(results).hasSizeGreaterThanOrEqualTo(3));
        assertThat(results).containsOnly("gra/app1 UP HTTP 200");
        assertThat(server.maxConcurrentRequests("/slow/health")).isEqualTo(1);
        assertThat(scheduler.skippedTicks()).isPositive();
    }

    @Test
    void shouldStopCheckingWhenClosed() {
        // given a running schedule
        CheckTarget gra = target("gra", "/gra/health", Duration.ofMillis(100), Duration.ofSeconds(10));
        scheduler.start(Map.of(gra, Duration.ZERO));
        await().atMost(WAIT).until(() -> results.size() >= 2);

        // when
        scheduler.close();
        int requestsAtClose = server.hostHeadersSeen("/gra/health").size();

        // then no new check starts for many intervals (a tick that fired just before the close may still arrive)
        await().during(Duration.ofMillis(1000)).atMost(WAIT)
                .untilAsserted(() -> assertThat(server.hostHeadersSeen("/gra/health")).hasSizeLessThanOrEqualTo(requestsAtClose + 1));
    }

    @Test
    void shouldReportATargetOverdueWhenItsChecksStopCompleting() {
        // given a check that never completes (a bug the scheduler must make visible), next to a healthy endpoint
        Check stuck = new Check() {
            @Override
            public CheckKind kind() {
                return CheckKind.TCP;
            }

            @Override
            public Uni<CheckOutcome> run(CheckTarget target) {
                return Uni.createFrom().nothing();
            }
        };
        CheckTarget healthy = target("gra", "/gra/health", Duration.ofMillis(100), Duration.ofMillis(500));
        CheckTarget hanging = CheckTarget.tcp("rbx", "db1", "127.0.0.1", server.port(), Duration.ofMillis(100), Duration.ofMillis(200));
        try (CheckScheduler both = new CheckScheduler(vertx, List.of(check, stuck), (target, outcome) -> results.add(target.name()),
                System::nanoTime, Duration.ZERO)) {

            // when
            both.start(StartOffsets.spread(List.of(healthy, hanging), 0));

            // then once 2 intervals + timeout have passed, the hanging target is overdue and named, the healthy one not
            await().atMost(WAIT).untilAsserted(() -> {
                CheckLoopStatus status = both.status();
                assertThat(status.targets()).isEqualTo(2);
                assertThat(status.overdue()).containsExactly("rbx/db1");
                assertThat(status.overdueCount()).isEqualTo(1);
                assertThat(status.recent().ticks()).isPositive();
            });
            // and its later ticks are skipped, not piled up
            await().atMost(WAIT).untilAsserted(() -> assertThat(both.skippedTicks()).isPositive());
        }
    }

    @Test
    void shouldCountTicksThatStartLaterThanATenthOfTheirInterval() {
        // given a check that answers at once, and a sink that can hold the event loop its result is delivered on
        AtomicInteger holds = new AtomicInteger();
        ResultSink sink = holdingSink(() -> { }, holds, Duration.ofMillis(230));
        try (CheckScheduler busy = new CheckScheduler(vertx, List.of(INSTANT), sink, System::nanoTime, Duration.ZERO)) {
            busy.start(Map.of(instantTarget(Duration.ofMillis(200)), Duration.ZERO));
            await().atMost(WAIT).until(() -> busy.status().recent().ticks() >= 3);
            assertThat(busy.status().recent().late()).isZero();

            // when three ticks in a row hold the event loop 230 ms: each next tick starts 30, 60, then 90 ms late
            holds.set(3);

            // then they are counted late (over a tenth of the interval), and still run (late is not missed)
            await().atMost(WAIT).untilAsserted(() -> assertThat(busy.status().recent().late()).isGreaterThanOrEqualTo(3));
            assertThat(busy.missedTicks()).isZero();
        }
    }

    @Test
    void shouldDropTheTicksOfAPauseInsteadOfCatchingUpInABurst() {
        // given a check that answers at once, and a sink that can hold the event loop its result is delivered on
        List<Long> resultNanos = new CopyOnWriteArrayList<>();
        AtomicInteger holds = new AtomicInteger();
        ResultSink sink = holdingSink(() -> resultNanos.add(System.nanoTime()), holds, Duration.ofMillis(850));
        try (CheckScheduler paused = new CheckScheduler(vertx, List.of(INSTANT), sink, System::nanoTime, Duration.ZERO)) {
            paused.start(Map.of(instantTarget(Duration.ofMillis(200)), Duration.ZERO));
            await().atMost(WAIT).until(() -> resultNanos.size() >= 2);

            // when one tick holds the loop 850 ms, as a pause of the process would: the next three ticks' intervals pass
            holds.set(1);

            // then those three ticks are dropped and counted as missed
            await().atMost(WAIT).untilAsserted(() -> assertThat(paused.missedTicks()).isBetween(3L, 4L));
            // and checking goes on at its rate without a burst: no two results closer than half an interval
            await().atMost(WAIT).until(() -> resultNanos.size() >= 8);
            for (int i = 1; i < resultNanos.size(); i++) {
                assertThat(resultNanos.get(i) - resultNanos.get(i - 1)).as("gap before result %d", i)
                        .isGreaterThan(Duration.ofMillis(100).toNanos());
            }
        }
    }

    @Test
    void shouldKeepATargetOnTimeWhenStartingItWasDelayed() {
        // given two targets, the second scheduled 300 ms after the first: the starting thread was descheduled or paused
        // (as when four services start at once on two cores)
        CheckTarget gra = target("gra", "/gra/health", Duration.ofMillis(500), Duration.ofSeconds(10));
        CheckTarget rbx = target("rbx", "/rbx/health", Duration.ofMillis(500), Duration.ofSeconds(10));
        Map<CheckTarget, Duration> stalledAfterEachTarget = new LinkedHashMap<>() {
            @Override
            public void forEach(BiConsumer<? super CheckTarget, ? super Duration> action) {
                super.forEach((target, offset) -> {
                    action.accept(target, offset);
                    sleep(Duration.ofMillis(300));
                });
            }
        };
        stalledAfterEachTarget.put(gra, Duration.ZERO);
        stalledAfterEachTarget.put(rbx, Duration.ZERO);
        try (CheckScheduler stalled = new CheckScheduler(vertx, List.of(check), (target, outcome) -> results.add(target.name()),
                System::nanoTime, Duration.ZERO)) {

            // when
            stalled.start(stalledAfterEachTarget);

            // then both are checked at every interval and no tick is late: the delay of the start is not counted forever
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(results).filteredOn("gra/app1"::equals).hasSizeGreaterThanOrEqualTo(4);
                assertThat(results).filteredOn("rbx/app1"::equals).hasSizeGreaterThanOrEqualTo(4);
            });
            assertThat(stalled.missedTicks()).isZero();
            assertThat(stalled.status().recent().late()).isZero();
        }
    }

    @Test
    void shouldStartManyTargetsOverRoundsOfAHundredAndFewTargetsAtOnce() {
        assertThat(CheckScheduler.rampRounds(3)).isEqualTo(1);
        assertThat(CheckScheduler.rampRounds(100)).isEqualTo(1);
        assertThat(CheckScheduler.rampRounds(101)).isEqualTo(2);
        assertThat(CheckScheduler.rampRounds(2000)).isEqualTo(20);
        assertThat(CheckScheduler.rampRounds(50_000)).isEqualTo(20);
    }

    /** A check that answers at once, so its result reaches the sink on the tick's own event loop. */
    private static final Check INSTANT = new Check() {
        @Override
        public CheckKind kind() {
            return CheckKind.TCP;
        }

        @Override
        public Uni<CheckOutcome> run(CheckTarget target) {
            return Uni.createFrom().item(CheckOutcome.up(0, "answered at once"));
        }
    };

    /** A sink that records each result, then holds the event loop it runs on for {@code hold} while {@code holds} lasts. */
    private static ResultSink holdingSink(Runnable record, AtomicInteger holds, Duration hold) {
        return (target, outcome) -> {
            record.run();
            if (holds.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                sleep(hold);
            }
        };
    }

    private static CheckTarget instantTarget(Duration interval) {
        return CheckTarget.tcp("gra", "db1", "127.0.0.1", 1, interval, Duration.ofSeconds(1));
    }

    private CheckTarget target(String region, String path, Duration interval, Duration timeout) {
        return CheckTarget.http(region, "app1", URI.create(server.url(path)), Optional.empty(), interval, timeout);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String describe(CheckOutcome outcome) {
        return (outcome.up() ? "UP " : "DOWN ") + outcome.detail();
    }
}
