package io.tripswitch.probe.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tripswitch.fixtures.HaproxyServer;
import io.tripswitch.probe.testing.HealthServer;
import io.vertx.mutiny.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaproxyCheckTest {

    // Generous: a loaded machine; HAProxy checks its servers every 200 ms.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Vertx vertx;
    private HealthServer live;
    private HaproxyServer haproxy;
    private HaproxyCheck check;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        live = HealthServer.start();
        haproxy = HaproxyServer.startHealthChecked(dir.resolve("haproxy"), live.port());
        check = new HaproxyCheck(vertx);
    }

    @AfterEach
    void stop() {
        haproxy.close();
        live.close();
        vertx.closeAndAwait();
    }

    @Test
    void shouldReportEachServerOfTheBackendAsHaproxySeesIt() {
        // given an HAProxy whose backend app_rbx has a live server and one on a dead port, read over its UNIX socket
        CheckTarget target = target(haproxy.adminSocket().toString(), Optional.of("app_rbx"));

        // when HAProxy's own health checks have seen both servers
        Map<String, CheckOutcome> byEndpoint = await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> byEndpoint(check.observe(target).await().atMost(WAIT)),
                        seen -> seen.containsKey("lb/app_rbx/rbx2") && !seen.get("lb/app_rbx/rbx2").up());

        // then one result per server of that backend only, with HAProxy's status as detail
        assertThat(byEndpoint).containsOnlyKeys("lb/app_rbx/rbx1", "lb/app_rbx/rbx2");
        assertThat(byEndpoint.get("lb/app_rbx/rbx1").up()).isTrue();
        assertThat(byEndpoint.get("lb/app_rbx/rbx1").detail()).startsWith("UP");
        assertThat(byEndpoint.get("lb/app_rbx/rbx2").detail()).startsWith("DOWN");
    }

    @Test
    void shouldReportTheServersOfEveryBackendOverATcpRuntimeApiWhenNoBackendIsNamed() {
        // given the Runtime API on host:port and no backend named
        CheckTarget target = target(haproxy.apiAddress(), Optional.empty());

        // when
        List<Observation> observations = check.observe(target).await().atMost(WAIT);

        // then every server of every backend, each in its region under the HAProxy endpoint's id
        assertThat(byEndpoint(observations)).containsOnlyKeys("lb/app_rbx/rbx1", "lb/app_rbx/rbx2", "lb/app_gra/gra1");
        assertThat(observations).allSatisfy(observation -> {
            assertThat(observation.target().region()).isEqualTo("rbx");
            assertThat(observation.target().kind()).isEqualTo(CheckKind.HAPROXY);
        });
    }

    @Test
    void shouldReportTheEndpointDownWithTheReasonWhenTheRuntimeApiCannotBeRead() {
        // given a socket path nothing listens on
        CheckTarget target = target(dir.resolve("nobody.sock").toString(), Optional.empty());

        // when
        List<Observation> observations = check.observe(target).await().atMost(WAIT);

        // then one DOWN result for the HAProxy endpoint itself, saying why
        assertThat(observations).hasSize(1);
        assertThat(observations.get(0).target()).isEqualTo(target);
        assertThat(observations.get(0).outcome().up()).isFalse();
        assertThat(observations.get(0).outcome().detail()).startsWith("cannot read stats: ");
    }

    @Test
    void shouldReportTheEndpointDownWhenTheNamedBackendHasNoServer() {
        // given a backend HAProxy does not have
        CheckTarget target = target(haproxy.adminSocket().toString(), Optional.of("app_waw"));

        // when
        List<Observation> observations = check.observe(target).await().atMost(WAIT);

        // then
        assertThat(observations).extracting(Observation::target).containsExactly(target);
        assertThat(observations.get(0).outcome().up()).isFalse();
        assertThat(observations.get(0).outcome().detail()).isEqualTo("no server in backend app_waw");
    }

    private static Map<String, CheckOutcome> byEndpoint(List<Observation> observations) {
        return observations.stream().collect(Collectors.toMap(o -> o.target().endpoint(), Observation::outcome));
    }

    private static CheckTarget target(String socket, Optional<String> backend) {
        return CheckTarget.haproxy("rbx", "lb", new HaproxySource(socket, backend), Duration.ofSeconds(1), TIMEOUT);
    }
}
