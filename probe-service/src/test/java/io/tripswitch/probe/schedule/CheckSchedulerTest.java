package io.tripswitch.probe.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tripswitch.probe.check.CheckOutcome;
import io.tripswitch.probe.check.CheckTarget;
import io.tripswitch.probe.check.HaproxyCheck;
import io.tripswitch.probe.check.HaproxySource;
import io.tripswitch.probe.check.HttpCheck;
import io.tripswitch.probe.testing.HaproxyServer;
import io.tripswitch.probe.testing.HealthServer;
import io.vertx.mutiny.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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
        try (HaproxyServer haproxy = HaproxyServer.start(dir, server.port());
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

    private CheckTarget target(String region, String path, Duration interval, Duration timeout) {
        return CheckTarget.http(region, "app1", URI.create(server.url(path)), Optional.empty(), interval, timeout);
    }

    private static String describe(CheckOutcome outcome) {
        return (outcome.up() ? "UP " : "DOWN ") + outcome.detail();
    }
}
