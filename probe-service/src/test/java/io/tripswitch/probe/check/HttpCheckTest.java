package io.tripswitch.probe.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.probe.testing.HealthServer;
import io.vertx.mutiny.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpCheckTest {

    // Generous: the first requests of a cold JVM on a loaded machine are slow. The timeout test uses its own.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<Socket> fillers = new ArrayList<>();
    private Vertx vertx;
    private HealthServer server;
    private HttpCheck check;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = HealthServer.start();
        check = new HttpCheck(vertx);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket filler : fillers) {
            filler.close();
        }
        check.close();
        server.close();
        vertx.closeAndAwait();
    }

    @Test
    void shouldReportUpWhenTheEndpointAnswers200() {
        // given an endpoint answering 200 (the server's default)
        CheckTarget target = target(server.url("/health"), Optional.empty(), TIMEOUT);

        // when
        CheckOutcome outcome = check.run(target).await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isTrue();
        assertThat(outcome.detail()).isEqualTo("HTTP 200");
        assertThat(outcome.latencyMs()).isNotNegative();
    }

    @Test
    void shouldReportDownWithTheStatusWhenTheEndpointAnswers503() {
        // given
        server.answer("/health", 503);

        // when
        CheckOutcome outcome = check.run(target(server.url("/health"), Optional.empty(), TIMEOUT)).await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("HTTP 503");
    }

    @Test
    void shouldReportDownOnARedirectInsteadOfFollowingIt() {
        // given
        server.answer("/health", 302);

        // when
        CheckOutcome outcome = check.run(target(server.url("/health"), Optional.empty(), TIMEOUT)).await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("HTTP 302");
        assertThat(server.hostHeadersSeen("/elsewhere")).isEmpty();
    }

    @Test
    void shouldReportATimeoutWhenTheEndpointAnswersTooLate() {
        // given an endpoint that answers long after the check's timeout
        server.delay("/health", Duration.ofSeconds(5));

        // when
        CheckOutcome outcome = check.run(target(server.url("/health"), Optional.empty(), SHORT_TIMEOUT)).await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("timeout after 500ms");
        assertThat(outcome.latencyMs()).isGreaterThanOrEqualTo((int) SHORT_TIMEOUT.toMillis() - 1);
    }

    @Test
    void shouldReportConnectionRefusedWhenNothingListens() throws IOException {
        // given a loopback port nobody listens on any more
        int closedPort;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = socket.getLocalPort();
        }

        // when
        CheckOutcome outcome = check.run(target("http://127.0.0.1:" + closedPort + "/health", Optional.empty(), TIMEOUT))
                .await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("connection refused");
    }

    @Test
    void shouldSendTheConfiguredHostHeader() {
        // given an endpoint whose health URL must be asked for a virtual host, as in the seed's HAProxy checks
        CheckTarget target = target(server.url("/health"), Optional.of("primary.example.com"), TIMEOUT);

        // when
        CheckOutcome outcome = check.run(target).await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isTrue();
        assertThat(server.hostHeadersSeen("/health")).containsExactly("primary.example.com");
    }

    @Test
    void shouldSendTheUrlAuthorityAsHostWhenNoHostHeaderIsConfigured() {
        // when
        check.run(target(server.url("/health"), Optional.empty(), TIMEOUT)).await().atMost(WAIT);

        // then
        assertThat(server.hostHeadersSeen("/health")).containsExactly("127.0.0.1:" + server.port());
    }

    @Test
    void shouldSendTheConfiguredMethod() {
        // given an endpoint checked with HEAD
        CheckTarget target = target(server.url("/health"), HttpSpec.DEFAULT.withMethod("HEAD"), TIMEOUT);

        // when
        CheckOutcome outcome = check.run(target).await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isTrue();
        assertThat(server.methodsSeen("/health")).containsExactly("HEAD");
    }

    @Test
    void shouldAcceptEveryStatusOfTheConfiguredSet() {
        // given statuses 204 and any 3xx expected
        HttpSpec spec = HttpSpec.DEFAULT.withExpected(new StatusSet(List.of("204", "3xx")));
        server.answer("/no-content", 204);
        server.answer("/moved", 301);

        // when
        CheckOutcome noContent = check.run(target(server.url("/no-content"), spec, TIMEOUT)).await().atMost(WAIT);
        CheckOutcome moved = check.run(target(server.url("/moved"), spec, TIMEOUT)).await().atMost(WAIT);

        // then
        assertThat(noContent.up()).isTrue();
        assertThat(noContent.detail()).isEqualTo("HTTP 204");
        assertThat(moved.up()).isTrue();
        assertThat(moved.detail()).isEqualTo("HTTP 301");
    }

    @Test
    void shouldReportDownNamingTheExpectedSetWhenTheStatusIsNotInIt() {
        // given a plain 200, while only 204 and 3xx are expected
        HttpSpec spec = HttpSpec.DEFAULT.withExpected(new StatusSet(List.of("204", "3xx")));

        // when
        CheckOutcome outcome = check.run(target(server.url("/health"), spec, TIMEOUT)).await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("HTTP 200 (expected 204, 3xx)");
    }

    @Test
    void shouldReportUpWhenTheBodyContainsTheExpectedText() {
        // given
        server.body("/health", "{\"status\":\"UP\",\"db\":\"UP\"}".getBytes(StandardCharsets.UTF_8));

        // when
        CheckOutcome outcome = check.run(target(server.url("/health"), HttpSpec.DEFAULT.withBodyContains("\"status\":\"UP\""), TIMEOUT))
                .await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isTrue();
        assertThat(outcome.detail()).isEqualTo("HTTP 200");
    }

    @Test
    void shouldReportDownWhenTheBodyLacksTheExpectedText() {
        // given an application answering 200 while saying it is degraded
        server.body("/health", "{\"status\":\"DEGRADED\"}".getBytes(StandardCharsets.UTF_8));

        // when
        CheckOutcome outcome = check.run(target(server.url("/health"), HttpSpec.DEFAULT.withBodyContains("\"status\":\"UP\""), TIMEOUT))
                .await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("HTTP 200, body lacks '\"status\":\"UP\"'");
    }

    @Test
    void shouldReadOnlyTheFirst64KiBOfTheBody() {
        // given a 4 MiB body whose text comes right after the first 64 KiB, and another with it at the very start
        byte[] late = new byte[4 * 1024 * 1024];
        Arrays.fill(late, (byte) 'x');
        System.arraycopy("READY".getBytes(StandardCharsets.US_ASCII), 0, late, HttpCheck.MAX_BODY_BYTES, 5);
        byte[] early = late.clone();
        System.arraycopy("READY".getBytes(StandardCharsets.US_ASCII), 0, early, 0, 5);
        server.body("/late", late);
        server.body("/early", early);

        // when
        CheckOutcome lateOutcome = check.run(target(server.url("/late"), HttpSpec.DEFAULT.withBodyContains("READY"), TIMEOUT))
                .await().atMost(WAIT);
        CheckOutcome earlyOutcome = check.run(target(server.url("/early"), HttpSpec.DEFAULT.withBodyContains("READY"), TIMEOUT))
                .await().atMost(WAIT);

        // then the text past the bound is not seen, the one within it is
        assertThat(lateOutcome.up()).isFalse();
        assertThat(lateOutcome.detail()).isEqualTo("HTTP 200, body lacks 'READY' in its first 64 KiB");
        assertThat(earlyOutcome.up()).isTrue();
    }

    @Test
    void shouldReportAReadTimeoutWhenTheServerIsSlowToAnswer() {
        // given an endpoint that accepts at once but answers after 5 s; a read timeout well within the check's timeout
        server.delay("/health", Duration.ofSeconds(5));
        HttpSpec spec = HttpSpec.DEFAULT.withReadTimeout(Duration.ofMillis(300));

        // when
        CheckOutcome outcome = check.run(target(server.url("/health"), spec, Duration.ofSeconds(4))).await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("read timeout after 300ms");
    }

    @Test
    void shouldReportAConnectTimeoutWhenTheServerDoesNotAcceptTheConnection() throws IOException {
        // given a listening port whose accept queue is full, so the kernel drops further SYNs silently
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            fillAcceptQueue(silent.getLocalPort());
            HttpSpec spec = HttpSpec.DEFAULT.withConnectTimeout(Duration.ofMillis(300));

            // when
            CheckOutcome outcome = check.run(target("http://127.0.0.1:" + silent.getLocalPort() + "/health", spec, Duration.ofSeconds(4)))
                    .await().atMost(WAIT);

            // then
            assertThat(outcome.up()).isFalse();
            assertThat(outcome.detail()).isEqualTo("connect timeout after 300ms");
        }
    }

    @Test
    void shouldShareOneClientBetweenEndpointsWithTheSameTrustAndConnectTimeout() {
        // given many endpoints with the same settings, differing in path, method, statuses and Host header
        for (int i = 0; i < 20; i++) {
            HttpSpec spec = HttpSpec.DEFAULT.withMethod(i % 2 == 0 ? "GET" : "HEAD").withExpected(new StatusSet(List.of("2xx", "30" + (i % 10))));
            CheckTarget target = CheckTarget.http("gra", "app" + i, URI.create(server.url("/app" + i + "/health")),
                    Optional.of("app" + i + ".example.com"), spec, Duration.ofSeconds(1), TIMEOUT);

            // when each is checked
            assertThat(check.run(target).await().atMost(WAIT).up()).isTrue();
        }

        // then they all went through one client; another connect timeout needs a second one
        assertThat(check.clientCount()).isEqualTo(1);
        check.run(target(server.url("/health"), HttpSpec.DEFAULT.withConnectTimeout(Duration.ofSeconds(2)), TIMEOUT)).await().atMost(WAIT);
        assertThat(check.clientCount()).isEqualTo(2);
    }

    /** Connects until a connection attempt hangs: the queue is then full (Linux keeps backlog + 1 connections). */
    private void fillAcceptQueue(int port) throws IOException {
        for (int i = 0; i < 20; i++) {
            Socket filler = new Socket();
            fillers.add(filler);
            try {
                filler.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            } catch (SocketTimeoutException full) {
                return;
            }
        }
        throw new IllegalStateException("the accept queue of port " + port + " never filled up");
    }

    private static CheckTarget target(String url, HttpSpec spec, Duration timeout) {
        return CheckTarget.http("gra", "app1", URI.create(url), Optional.empty(), spec, Duration.ofSeconds(1), timeout);
    }

    private static CheckTarget target(String url, Optional<String> hostHeader, Duration timeout) {
        return CheckTarget.http("gra", "app1", URI.create(url), hostHeader, Duration.ofSeconds(1), timeout);
    }
}
