package io.tripswitch.probe.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.probe.testing.HealthServer;
import io.vertx.mutiny.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpCheckTest {

    // Generous: the first requests of a cold JVM on a loaded machine are slow. The timeout test uses its own.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(30);

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
    void stop() {
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

    private static CheckTarget target(String url, Optional<String> hostHeader, Duration timeout) {
        return CheckTarget.http("gra", "app1", URI.create(url), hostHeader, Duration.ofSeconds(1), timeout);
    }
}
