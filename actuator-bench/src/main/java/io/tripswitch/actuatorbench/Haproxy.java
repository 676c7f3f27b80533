package io.tripswitch.actuatorbench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A real HAProxy (master-worker, as deployed) whose frontend picks group {@code app}'s backend from a map file, in front
 * of two real HTTP servers in this JVM answering {@code region=gra} and {@code region=rbx}.
 */
final class Haproxy implements AutoCloseable {

    private final ChildProcess process;
    private final List<HttpServer> regions;
    private final Path dir;
    private final int frontendPort;

    private Haproxy(ChildProcess process, List<HttpServer> regions, Path dir, int frontendPort) {
        this.process = process;
        this.regions = regions;
        this.dir = dir;
        this.frontendPort = frontendPort;
    }

    static Haproxy start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<HttpServer> regions = new ArrayList<>();
        regions.add(regionServer("gra"));
        regions.add(regionServer("rbx"));
        int frontendPort = FreePorts.pick();
        Path map = dir.resolve("active.map");
        Files.writeString(map, "# active backend per traffic group, kept by tripswitch\napp app_gra\n");
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, String.join("\n",
                "global",
                "    stats socket " + dir.resolve("admin.sock") + " mode 600 level admin",
                "defaults",
                "    mode http",
                "    timeout connect 2s",
                "    timeout client 10s",
                "    timeout server 10s",
                "frontend app",
                "    bind 127.0.0.1:" + frontendPort,
                "    use_backend %[str(app),map(" + map + ",app_gra)]",
                "backend app_gra",
                "    server gra1 127.0.0.1:" + regions.get(0).getAddress().getPort(),
                "backend app_rbx",
                "    server rbx1 127.0.0.1:" + regions.get(1).getAddress().getPort(),
                ""));
        ChildProcess process = ChildProcess.start(
                List.of("/usr/sbin/haproxy", "-W", "-db", "-S", dir.resolve("master.sock").toString(), "-f", config.toString()),
                Map.of(), dir.resolve("haproxy.log"), 60_000, () -> Files.exists(dir.resolve("admin.sock")) && accepting(frontendPort));
        return new Haproxy(process, regions, dir, frontendPort);
    }

    Path adminSocket() {
        return dir.resolve("admin.sock");
    }

    Path mapFile() {
        return dir.resolve("active.map");
    }

    /** The body of a real HTTP/1.0 request through the frontend on a fresh connection, e.g. {@code region=rbx}. */
    String route() throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(2000);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), frontendPort), 2000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.0\r\nHost: app\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            int body = response.indexOf("\r\n\r\n");
            return body < 0 ? "" : response.substring(body + 4).strip();
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

    private static HttpServer regionServer(String region) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        byte[] body = ("region=" + region + "\n").getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "region-" + region);
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return server;
    }

    @Override
    public void close() {
        process.close();
        regions.forEach(server -> server.stop(0));
    }
}
