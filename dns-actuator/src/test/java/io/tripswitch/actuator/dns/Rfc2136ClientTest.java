package io.tripswitch.actuator.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * The client's own bounds, which are not dnsjava's since exchanges run on plain sockets: a server that takes the
 * request and never answers costs one timeout, and a closed port is named as such. (What real servers answer is in
 * Rfc2136OnKnotTest and Rfc2136OnBindTest.)
 */
class Rfc2136ClientTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Name ZONE = Name.fromConstantString("example.test.");
    private static final Name APP = Name.fromConstantString("app.example.test.");

    @Test
    void shouldGiveUpAReadWithinItsTimeoutWhenTheServerTakesTheQueriesAndNeverAnswers() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Rfc2136Client client = new Rfc2136Client(new InetSocketAddress("127.0.0.1", silent.getLocalPort()), Optional.empty(), TIMEOUT);

            long started = System.nanoTime();
            assertThatThrownBy(() -> client.read(APP)).isInstanceOf(IOException.class)
                    .hasMessageContaining("no answer from 127.0.0.1:" + silent.getLocalPort() + " within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(TIMEOUT, Duration.ofSeconds(2));
        }
    }

    @Test
    void shouldGiveUpAnUpdateWithinItsTimeoutWhenTheConnectionIsTakenAndNeverAnswered() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket taken = silent.accept()) {
                    taken.getInputStream().readAllBytes(); // reads the update, answers nothing
                } catch (IOException e) {
                    // the client hung up
                }
            });
            acceptor.start();
            Rfc2136Client client = new Rfc2136Client(new InetSocketAddress("127.0.0.1", silent.getLocalPort()), Optional.empty(), TIMEOUT);

            long started = System.nanoTime();
            assertThatThrownBy(() -> client.replace(ZONE, APP, List.of(InetAddress.getByName("127.0.20.1")), 30))
                    .isInstanceOf(IOException.class).hasMessageContaining("update of app.example.test.: no answer");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(TIMEOUT, Duration.ofSeconds(2));
            acceptor.join(2000);
        }
    }

    @Test
    void shouldNameAClosedPortAsSuch() throws Exception {
        int closed;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ServerSocket alsoTcp = new ServerSocket(probe.getLocalPort(), 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        Rfc2136Client client = new Rfc2136Client(new InetSocketAddress("127.0.0.1", closed), Optional.empty(), TIMEOUT);

        assertThatThrownBy(() -> client.read(APP)).isInstanceOf(IOException.class).hasMessageContaining("is not listening");
        assertThatThrownBy(() -> client.probe(ZONE)).isInstanceOf(IOException.class).hasMessageContaining("refused the connection");
    }
}
