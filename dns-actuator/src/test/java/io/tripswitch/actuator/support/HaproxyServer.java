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
import java.time.Instant;
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
    private final boolean masterWorker;
    private ChildProcess process;

    private HaproxyServer(Path dir, int frontendPort, int apiPort, boolean masterWorker) {
        this.dir = dir;
        this.frontendPort = frontendPort;
        this.apiPort = apiPort;
        this.masterWorker = masterWorker;
    }

    /** Writes the configuration and a map file naming {@code initialBackend}, then starts HAProxy. */
    public static HaproxyServer start(Path dir, int graPort, int rbxPort, String initialBackend) {
        return start(dir, graPort, rbxPort, initialBackend, false);
    }

    /**
     * As {@link #start(Path, int, int, String)}, in master-worker mode as deployed ({@code -W -S master.sock}), so
     * {@link #reload()} replaces the worker the way {@code systemctl reload haproxy} does.
     */
    public static HaproxyServer startMasterWorker(Path dir, int graPort, int rbxPort, String initialBackend) {
        return start(dir, graPort, rbxPort, initialBackend, true);
    }

    private static HaproxyServer start(Path dir, int graPort, int rbxPort, String initialBackend, boolean masterWorker) {
        try {
            Files.createDirectories(dir);
            HaproxyServer server = new HaproxyServer(dir, FreePorts.pick(), FreePorts.pick(), masterWorker);
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
        List<String> command = masterWorker
                ? List.of("/usr/sbin/haproxy", "-W", "-db", "-S", masterSocket().toString(), "-f", config().toString())
                : List.of("/usr/sbin/haproxy", "-db", "-f", config().toString());
        process = ChildProcess.start(command, dir.resolve("haproxy-" + System.nanoTime() + ".log"), Duration.ofSeconds(30),
                this::accepting);
    }

    /**
     * A real reload through the master CLI ({@code reload}): the master re-reads the configuration and the map file and
     * starts a new worker, the old one stops listening and leaves. Returns once the new worker serves requests.
     */
    public void reload() {
        if (!masterWorker) {
            throw new IllegalStateException("reload needs master-worker mode");
        }
        long before = workerPid();
        masterCommand("reload");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        // while the master re-executes itself its CLI refuses connections: that is "not yet", like the old PID
        while (!masterAnswers() || workerPid() == before || !accepting()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no new worker after reload:\n" + masterCommand("show proc") + process.output());
            }
            pause(Duration.ofMillis(50));
        }
    }

    /** The PID of the current worker, from the master CLI's {@code show proc}; the process itself without master-worker. */
    public long workerPid() {
        if (!masterWorker) {
            return process.pid();
        }
        boolean workers = false;
        for (String line : masterCommand("show proc").split("\n")) {
            if (line.startsWith("# workers")) {
                workers = true;
            } else if (line.startsWith("#")) {
                workers = false;
            } else if (workers && line.contains("worker")) {
                return Long.parseLong(line.trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** Freezes the HAProxy process (SIGSTOP): its sockets still accept connections but nothing answers. */
    public void freeze() {
        signal("STOP");
    }

    /** Lets a frozen HAProxy run again (SIGCONT). */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(workerPid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The master's CLI listens only once the master has settled, a little after the worker serves. */
    private boolean masterAnswers() {
        try {
            return RuntimeApi.execute(masterSocket(), "show proc;quit").contains("master");
        } catch (IOException e) {
            return false;
        }
    }

    /** One command on the master CLI; {@code ;quit} makes the master close the connection after answering. */
    private String masterCommand(String command) {
        try {
            return RuntimeApi.execute(masterSocket(), command.equals("reload") ? command : command + ";quit");
        } catch (IOException e) {
            throw new IllegalStateException("master CLI at " + masterSocket() + ": " + e.getMessage() + "; HAProxy said:\n"
                    + process.output(), e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
        if (!Files.exists(adminSocket()) || masterWorker && !masterAnswers()) {
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

    public Path masterSocket() {
        return dir.resolve("master.sock");
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
            try {
                if (process.isAlive()) {
                    thaw(); // a frozen process cannot handle the SIGTERM that stops it
                }
            } catch (RuntimeException e) {
                // the master may be between two lives (mid-reload): stop it anyway
            }
            process.close();
        }
    }

    /** The Runtime API as a test reads it, independent of the code under test: one command, the answer to EOF. */
    private static final class RuntimeApi {
        static String execute(Path socket, String command) throws IOException {
            try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                channel.connect(java.net.UnixDomainSocketAddress.of(socket));
                channel.write(java.nio.ByteBuffer.wrap((command + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                return new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }
}
