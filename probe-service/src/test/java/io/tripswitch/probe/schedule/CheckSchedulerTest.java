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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
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
        // given a scheduler whose notion of now runs 40 ms ahead of the timers once told to (as when the event loop is busy)
        AtomicLong behind = new AtomicLong();
        try (CheckScheduler lateScheduler = new CheckScheduler(vertx, List.of(check), (target, outcome) -> results.add(target.name()),
                () -> System.nanoTime() + behind.get(), Duration.ZERO)) {
            lateScheduler.start(Map.of(target("gra", "/gra/health", Duration.ofMillis(200), Duration.ofSeconds(10)), Duration.ZERO));
            await().atMost(WAIT).until(() -> lateScheduler.status().recent().ticks() >= 3);
            assertThat(lateScheduler.status().recent().late()).isZero();

            // when ticks start 40 ms after they were due (a fifth of the interval)
            behind.set(Duration.ofMillis(40).toNanos());

            // then they are counted late, and still run (late is not missed)
            await().atMost(WAIT).untilAsserted(() -> assertThat(lateScheduler.status().recent().late()).isGreaterThanOrEqualTo(3));
            assertThat(lateScheduler.missedTicks()).isZero();
        }
    }

    @Test
    void shouldDropATickThatComesAWholeIntervalLateInsteadOfCatchingUpInABurst() {
        // given a scheduler whose notion of now jumps a whole interval ahead of the timers (a long pause of the process)
        AtomicLong behind = new AtomicLong();
        try (CheckScheduler paused = new CheckScheduler(vertx, List.of(check), (target, outcome) -> results.add(target.name()),
                () -> System.nanoTime() + behind.get(), Duration.ZERO)) {
            paused.start(Map.of(target("gra", "/gra/health", Duration.ofMillis(200), Duration.ofSeconds(10)), Duration.ZERO));
            await().atMost(WAIT).until(() -> results.size() >= 2);

            // when
            behind.set(Duration.ofMillis(250).toNanos());
            int before = results.size();

            // then the ticks are dropped and counted as missed, and no check runs for them
            await().atMost(WAIT).untilAsserted(() -> assertThat(paused.missedTicks()).isGreaterThanOrEqualTo(3));
            assertThat(results.size()).isLessThanOrEqualTo(before + 1);
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

    private CheckTarget target(String region, String path, Duration interval, Duration timeout) {
        return CheckTarget.http(region, "app1", URI.create(server.url(path)), Optional.empty(), interval, timeout);
    }

    private static String describe(CheckOutcome outcome) {
        return (outcome.up() ? "UP " : "DOWN ") + outcome.detail();
    }
}
