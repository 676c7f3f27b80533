package io.tripswitch.actuator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real HAProxy (foreground child process) whose frontend routes group {@code app} through a map
 * file, as the lab does: {@code use_backend %[str(app),map(<map>,app_gra)]}, backends {@code app_gra}
 * and {@code app_rbx} with one real server each. Runtime API on a UNIX socket and on 127.0.0.1:apiPort.
 */
public final class HaproxyServer implements AutoCloseable {

    private final Path dir;
    private final int frontendPort;
    private final int apiPort;
    private ChildProcess process;

    private HaproxyServer(Path dir, int frontendPort, int apiPort) {
        this.dir = dir;
        this.frontendPort = frontendPort;
        this.apiPort = apiPort;
    }

    /** Writes the configuration and a map file naming {@code initialBackend}, then starts HAProxy. */
    public static HaproxyServer start(Path dir, int graPort, int rbxPort, String initialBackend) {
        try {
            Files.createDirectories(dir);
            HaproxyServer server = new HaproxyServer(dir, FreePorts.pick(), FreePorts.pick());
            Files.writeString(server.mapFile(), "# active backend per traffic group, kept by tripswitch\napp " + initialBackend + "\n");
            Files.writeString(server.config(), String.join("\n",
                    "global",
                    "    stats socket " + server.adminSocket() + " mode 600 level admin",
                    "    stats socket ipv4@127.0.0.1:" + server.apiPort + " level admin",
                    "defaults",
                    "    mode http",
                    "    timeout connect 2s",
                    "    timeout client 10s",
                    "    timeout server 10s",
                    "frontend app",
                    "    bind 127.0.0.1:" + server.frontendPort,
                    "    use_backend %[str(app),map(" + server.mapFile() + ",app_gra)]",
                    "backend app_gra",
                    "    server gra1 127.0.0.1:" + graPort,
                    "backend app_rbx",
                    "    server rbx1 127.0.0.1:" + rbxPort,
                    ""));
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() {
        process = ChildProcess.start(List.of("/usr/sbin/haproxy", "-db", "-f", config().toString()),
                dir.resolve("haproxy-" + System.nanoTime() + ".log"), Duration.ofSeconds(30), this::accepting);
    }

    /** Stops HAProxy and removes its admin socket: the Runtime API is gone until {@link #start()}. */
    public void stop() throws IOException {
        process.close();
        Files.deleteIfExists(adminSocket());
    }

    /** Starts the stopped HAProxy from the same files. */
    public void start() {
        launch();
    }

    /** Sends one Runtime API command over the TCP socket, behind the actuator's back; returns the answer. */
    public String command(String command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), apiPort), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write((command + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops HAProxy and starts it again from the same files: what survives is only what is on disk. */
    public void restart() {
        process.close();
        launch();
    }

    private boolean accepting() {
        if (!Files.exists(adminSocket())) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), frontendPort), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Body of a real HTTP request through the frontend, on a fresh connection. */
    public String get() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontendPort + "/"))
                    .timeout(Duration.ofSeconds(5)).build();
            return client.send(request, HttpResponse.BodyHandlers.ofString()).body().strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path mapFile() {
        return dir.resolve("active.map");
    }

    public Path adminSocket() {
        return dir.resolve("admin.sock");
    }

    public String apiAddress() {
        return "127.0.0.1:" + apiPort;
    }

    private Path config() {
        return dir.resolve("haproxy.cfg");
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
