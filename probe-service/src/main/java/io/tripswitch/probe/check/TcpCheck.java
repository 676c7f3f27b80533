package io.tripswitch.probe.check;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.net.NetClient;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * TCP connect check, as HAProxy's plain {@code check} does: UP when {@code host:port} accepts a connection
 * within the timeout (name resolution included), DOWN when refused, unreachable or too slow. The connection
 * is closed at once, nothing is sent. Non-blocking, on a Vert.x NetClient.
 */
public final class TcpCheck implements Check, AutoCloseable {

    private final Vertx vertx;
    // Vert.x 4 sets the connect timeout per client, not per connection: one client per distinct timeout
    // (a deployment has a handful), so a refused or silent port never holds a socket past its check.
    private final Map<Long, NetClient> clientsByTimeoutMs = new ConcurrentHashMap<>();

    public TcpCheck(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public CheckKind kind() {
        return CheckKind.TCP;
    }

    @Override
    public Uni<CheckOutcome> run(CheckTarget target) {
        InetSocketAddress address = target.address().orElseThrow();
        long timeoutMs = target.timeout().toMillis();
        return Uni.createFrom().deferred(() -> {
            long startNanos = System.nanoTime();
            Future<NetSocket> connecting = client(timeoutMs).getDelegate().connect(address.getPort(), address.getHostString());
            return Uni.createFrom().<CheckOutcome>emitter(emitter -> connecting.onComplete(result -> {
                if (result.succeeded()) {
                    // Closed whether or not the deadline has passed, so a late connection never leaks.
                    result.result().close();
                    emitter.complete(CheckOutcome.up(elapsedMs(startNanos), "connected"));
                } else {
                    emitter.fail(result.cause());
                }
            }))
                    // The check's own deadline also covers name resolution, which Netty's connect timeout does not.
                    .ifNoItem().after(target.timeout()).fail()
                    .onFailure().recoverWithItem(failure -> CheckOutcome.down(elapsedMs(startNanos), HttpCheck.describe(failure, timeoutMs)));
        });
    }

    private NetClient client(long timeoutMs) {
        return clientsByTimeoutMs.computeIfAbsent(timeoutMs, ms -> vertx.createNetClient(
                new NetClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE, ms))));
    }

    private static int elapsedMs(long startNanos) {
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, elapsed));
    }

    @Override
    public void close() {
        clientsByTimeoutMs.values().forEach(NetClient::closeAndForget);
        clientsByTimeoutMs.clear();
    }
}
