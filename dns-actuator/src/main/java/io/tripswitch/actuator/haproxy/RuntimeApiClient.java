package io.tripswitch.actuator.haproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy's Runtime API (the stats socket) over a UNIX socket or TCP: one command per connection,
 * {@code command\n}, then the answer read to EOF. A watchdog closes the connection at the deadline,
 * so a stuck HAProxy cannot block the caller.
 */
public final class RuntimeApiClient {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "haproxy-runtime-api-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final SocketAddress address;
    private final String description;
    private final Duration timeout;

    private RuntimeApiClient(SocketAddress address, String description, Duration timeout) {
        this.address = address;
        this.description = description;
        this.timeout = timeout;
    }

    /**
     * {@code socket} is a UNIX socket path (anything with a '/', optionally prefixed {@code unix@}) or
     * {@code host:port} (optionally prefixed {@code ipv4@}), as in HAProxy's own {@code stats socket} syntax.
     */
    public static RuntimeApiClient of(String socket, Duration timeout) {
        String spec = socket.trim();
        if (spec.startsWith("unix@")) {
            spec = spec.substring("unix@".length());
            return new RuntimeApiClient(UnixDomainSocketAddress.of(Path.of(spec)), spec, timeout);
        }
        if (spec.startsWith("ipv4@")) {
            spec = spec.substring("ipv4@".length());
        } else if (spec.contains("/")) {
            return new RuntimeApiClient(UnixDomainSocketAddress.of(Path.of(spec)), spec, timeout);
        }
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("not a UNIX socket path nor host:port: '" + socket + "'");
        }
        int port;
        try {
            port = Integer.parseInt(spec.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port in '" + socket + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range in '" + socket + "'");
        }
        String host = spec.substring(0, colon);
        return new RuntimeApiClient(InetSocketAddress.createUnresolved(host, port), spec, timeout);
    }

    /** Sends one command and returns HAProxy's whole answer. */
    public String execute(String command) throws IOException {
        SocketAddress target = address instanceof InetSocketAddress inet && inet.isUnresolved()
                ? new InetSocketAddress(inet.getHostString(), inet.getPort())
                : address;
        StandardProtocolFamily family = target instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX
                : ((InetSocketAddress) target).getAddress() instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        try (SocketChannel channel = SocketChannel.open(family)) {
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> closeQuietly(channel), timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                channel.connect(target);
                ByteBuffer request = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
                while (request.hasRemaining()) {
                    channel.write(request);
                }
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(8192);
                while (channel.read(buffer) >= 0) {
                    buffer.flip();
                    answer.write(buffer.array(), 0, buffer.limit());
                    buffer.clear();
                }
                return answer.toString(StandardCharsets.UTF_8);
            } catch (AsynchronousCloseException e) {
                throw new IOException("HAProxy Runtime API at " + description + " did not answer within " + timeout.toMillis() + " ms");
            } catch (IOException e) {
                throw new IOException("HAProxy Runtime API at " + description + ": " + e.getMessage(), e);
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    public String describe() {
        return description;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing only to unblock the caller
        }
    }
}
