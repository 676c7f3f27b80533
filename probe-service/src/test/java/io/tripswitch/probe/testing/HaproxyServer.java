package io.tripswitch.probe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real HAProxy (foreground child process) with backend {@code app_rbx} (server {@code rbx1} on a live port,
 * {@code rbx2} on a port nobody listens on) and backend {@code app_gra} (server {@code gra1}, live), each
 * health-checked every 200 ms; Runtime API on a UNIX socket and on 127.0.0.1:apiPort.
 */
public final class HaproxyServer implements AutoCloseable {

    private final Path dir;
    private final int apiPort;
    private final ChildProcess process;

    private HaproxyServer(Path dir, int apiPort, ChildProcess process) {
        this.dir = dir;
        this.apiPort = apiPort;
        this.process = process;
    }

    /** Writes the configuration and starts HAProxy; {@code livePort} answers HTTP {@code /health}. */
    public static HaproxyServer start(Path dir, int livePort) {
        try {
            Files.createDirectories(dir);
            int apiPort = freePort();
            int deadPort = freePort();
            Path socket = dir.resolve("admin.sock");
            Path config = dir.resolve("haproxy.cfg");
            String check = " check inter 200ms fall 1 rise 1";
            Files.writeString(config, String.join("\n",
                    "global",
                    "    stats socket " + socket + " mode 600 level admin",
                    "    stats socket ipv4@127.0.0.1:" + apiPort + " level admin",
                    "defaults",
                    "    mode http",
                    "    timeout connect 2s",
                    "    timeout client 10s",
                    "    timeout server 10s",
                    "    timeout check 2s",
                    "backend app_rbx",
                    "    option httpchk GET /health",
                    "    server rbx1 127.0.0.1:" + livePort + check,
                    "    server rbx2 127.0.0.1:" + deadPort + check,
                    "backend app_gra",
                    "    option httpchk GET /health",
                    "    server gra1 127.0.0.1:" + livePort + check,
                    ""));
            ChildProcess process = ChildProcess.start(List.of("/usr/sbin/haproxy", "-db", "-f", config.toString()),
                    dir.resolve("haproxy.log"), Duration.ofSeconds(30), () -> Files.exists(socket) && accepting(apiPort));
            return new HaproxyServer(dir, apiPort, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    public Path adminSocket() {
        return dir.resolve("admin.sock");
    }

    public String apiAddress() {
        return "127.0.0.1:" + apiPort;
    }

    @Override
    public void close() {
        process.close();
    }
}
