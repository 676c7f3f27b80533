package io.tripswitch.probe.check;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy check: reads {@code show stat} through the Runtime API of a region's HAProxy and reports each server
 * as HAProxy's own health checks see it — one observation per server, endpoint id
 * {@code <endpoint>/<backend>/<server>}, UP when HAProxy's status starts with {@code UP}, detail = that status.
 * When the stats cannot be read, one DOWN observation of the endpoint itself says why.
 *
 * <p>The Runtime API may be a UNIX socket, which Vert.x reaches only with its native transport; the exchange
 * (one command, one short answer, then HAProxy closes) runs on a worker thread instead, bounded by the timeout.
 */
public final class HaproxyCheck implements Check {

    private static final String UP = "UP";

    private final Vertx vertx;

    public HaproxyCheck(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public CheckKind kind() {
        return CheckKind.HAPROXY;
    }

    /** The state of the Runtime API itself: UP when {@code show stat} could be read. */
    @Override
    public Uni<CheckOutcome> run(CheckTarget target) {
        return observe(target).map(observations -> observations.stream()
                .filter(observation -> observation.target().equals(target))
                .map(Observation::outcome)
                .findFirst()
                .orElse(CheckOutcome.up(observations.get(0).outcome().latencyMs(), "stats read")));
    }

    @Override
    public Uni<List<Observation>> observe(CheckTarget target) {
        HaproxySource source = target.haproxy().orElseThrow();
        long timeoutMs = target.timeout().toMillis();
        return Uni.createFrom().deferred(() -> {
            long startNanos = System.nanoTime();
            return vertx.executeBlocking(Uni.createFrom().item(() -> showStat(source.socket(), target.timeout())), false)
                    .ifNoItem().after(target.timeout()).fail()
                    .map(csv -> servers(target, source, csv, elapsedMs(startNanos)))
                    .onFailure().recoverWithItem(failure -> List.of(new Observation(target,
                            CheckOutcome.down(elapsedMs(startNanos), "cannot read stats: " + HttpCheck.describe(failure, timeoutMs)))));
        });
    }

    /** One observation per server row of the CSV (frontend and backend summary rows skipped). */
    static List<Observation> servers(CheckTarget target, HaproxySource source, String csv, int latencyMs) {
        String[] lines = csv.split("\n");
        if (lines.length == 0 || !lines[0].startsWith("# ")) {
            return List.of(new Observation(target, CheckOutcome.down(latencyMs, "unexpected answer to show stat: "
                    + (lines.length == 0 ? "(empty)" : shorten(lines[0])))));
        }
        List<String> header = Arrays.asList(lines[0].substring(2).split(",", -1));
        int proxyColumn = header.indexOf("pxname");
        int serverColumn = header.indexOf("svname");
        int statusColumn = header.indexOf("status");
        List<Observation> observations = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split(",", -1);
            if (fields.length <= Math.max(proxyColumn, Math.max(serverColumn, statusColumn))) {
                continue;
            }
            String proxy = fields[proxyColumn];
            String server = fields[serverColumn];
            if (server.equals("FRONTEND") || server.equals("BACKEND") || source.backend().filter(b -> !b.equals(proxy)).isPresent()) {
                continue;
            }
            String status = fields[statusColumn];
            CheckOutcome outcome = status.startsWith(UP) ? CheckOutcome.up(latencyMs, status) : CheckOutcome.down(latencyMs, status);
            observations.add(new Observation(target.withEndpoint(target.endpoint() + "/" + proxy + "/" + server), outcome));
        }
        if (observations.isEmpty()) {
            String where = source.backend().map(backend -> "in backend " + backend).orElse("in any backend");
            return List.of(new Observation(target, CheckOutcome.down(latencyMs, "no server " + where)));
        }
        return observations;
    }

    /** Sends {@code show stat} and reads the answer to the end (HAProxy closes a non-interactive session after it). */
    static String showStat(String socket, Duration timeout) {
        try {
            return isUnixSocket(socket) ? showStatOverUnixSocket(socket) : showStatOverTcp(socket, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isUnixSocket(String socket) {
        return socket.contains("/") || !socket.contains(":");
    }

    private static String showStatOverUnixSocket(String path) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            channel.write(ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
            while (channel.read(buffer) >= 0) {
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static String showStatOverTcp(String hostAndPort, Duration timeout) throws IOException {
        int colon = hostAndPort.lastIndexOf(':');
        String host = hostAndPort.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(hostAndPort.substring(colon + 1));
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            OutputStream out = socket.getOutputStream();
            out.write("show stat\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 99) + "…";
    }

    private static int elapsedMs(long startNanos) {
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, elapsed));
    }
}
