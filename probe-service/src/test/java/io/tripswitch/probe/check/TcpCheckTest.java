package io.tripswitch.probe.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.mutiny.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpCheckTest {

    // Generous: the first connections of a cold JVM on a loaded machine are slow. The timeout test uses its own.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<Socket> fillers = new ArrayList<>();
    private Vertx vertx;
    private TcpCheck check;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        check = new TcpCheck(vertx);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket filler : fillers) {
            filler.close();
        }
        check.close();
        vertx.closeAndAwait();
    }

    @Test
    void shouldReportUpWhenThePortAcceptsAConnection() throws IOException {
        // given a listening loopback port
        try (ServerSocket server = listening(50)) {

            // when
            CheckOutcome outcome = check.run(target(server.getLocalPort(), TIMEOUT)).await().atMost(WAIT);

            // then
            assertThat(outcome.up()).isTrue();
            assertThat(outcome.detail()).isEqualTo("connected");
            assertThat(outcome.latencyMs()).isNotNegative();
        }
    }

    @Test
    void shouldReportConnectionRefusedWhenNothingListens() throws IOException {
        // given a loopback port nobody listens on any more
        int closedPort;
        try (ServerSocket server = listening(50)) {
            closedPort = server.getLocalPort();
        }

        // when
        CheckOutcome outcome = check.run(target(closedPort, TIMEOUT)).await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("connection refused");
    }

    @Test
    void shouldReportATimeoutWhenThePortDoesNotAnswerInTime() throws IOException {
        // given a server that never accepts, its accept queue filled so the kernel drops further SYNs silently
        try (ServerSocket server = listening(1)) {
            fillAcceptQueue(server.getLocalPort());

            // when
            CheckOutcome outcome = check.run(target(server.getLocalPort(), SHORT_TIMEOUT)).await().atMost(WAIT);

            // then
            assertThat(outcome.up()).isFalse();
            assertThat(outcome.detail()).isEqualTo("timeout after 500ms");
            assertThat(outcome.latencyMs()).isGreaterThanOrEqualTo((int) SHORT_TIMEOUT.toMillis() - 1);
        }
    }

    private static ServerSocket listening(int backlog) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0), backlog);
        return server;
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

    private static CheckTarget target(int port, Duration timeout) {
        return CheckTarget.tcp("gra", "db1", "127.0.0.1", port, Duration.ofSeconds(1), timeout);
    }
}
