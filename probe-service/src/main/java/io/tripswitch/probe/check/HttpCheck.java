package io.tripswitch.probe.check;

import io.netty.channel.ConnectTimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP health check: {@code GET url} with the target's Host header; a 2xx answer within the timeout is UP,
 * anything else (other status, redirect, timeout, refused connection) is DOWN. Non-blocking, on Vert.x.
 */
public final class HttpCheck implements Check, AutoCloseable {

    private static final int MAX_DETAIL_LENGTH = 200;

    private final WebClient client;

    public HttpCheck(Vertx vertx) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("tripswitch-probe")
                // A redirect is not a 2xx answer: like HAProxy's httpchk, it counts as down.
                .setFollowRedirects(false)
                // A fresh connection per check, as HAProxy's own checks do: a pooled connection the server
                // closes while idle would fail the next check and report a healthy endpoint as down.
                .setKeepAlive(false));
    }

    @Override
    public CheckKind kind() {
        return CheckKind.HTTP;
    }

    @Override
    public Uni<CheckOutcome> run(CheckTarget target) {
        long timeoutMs = target.timeout().toMillis();
        return Uni.createFrom().deferred(() -> {
            long startNanos = System.nanoTime();
            return request(target, timeoutMs).send()
                    // One deadline for the whole check, connection included (Vert.x' own timeouts are per phase).
                    .ifNoItem().after(target.timeout()).fail()
                    .map(response -> byStatus(response.statusCode(), elapsedMs(startNanos)))
                    .onFailure().recoverWithItem(failure -> CheckOutcome.down(elapsedMs(startNanos), describe(failure, timeoutMs)));
        });
    }

    private HttpRequest<Void> request(CheckTarget target, long timeoutMs) {
        HttpRequest<Void> request = client.getAbs(target.url().orElseThrow().toString())
                .as(BodyCodec.none())
                .connectTimeout(timeoutMs)
                .idleTimeout(timeoutMs);
        target.hostHeader().ifPresent(host -> request.putHeader(HttpHeaders.HOST.toString(), host));
        return request;
    }

    private static CheckOutcome byStatus(int status, int latencyMs) {
        String detail = "HTTP " + status;
        return status >= 200 && status < 300 ? CheckOutcome.up(latencyMs, detail) : CheckOutcome.down(latencyMs, detail);
    }

    /** A short reason an operator can read in a result, from the innermost cause that says something. */
    static String describe(Throwable failure, long timeoutMs) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // Netty's connect timeout is a ConnectException: test for timeouts first.
            if (cause instanceof TimeoutException || cause instanceof io.smallrye.mutiny.TimeoutException
                    || cause instanceof ConnectTimeoutException) {
                return "timeout after " + timeoutMs + "ms";
            }
            if (cause instanceof ConnectException) {
                String message = String.valueOf(cause.getMessage()).toLowerCase();
                return message.contains("refused") ? "connection refused" : shorten("connect failed: " + cause.getMessage());
            }
            if (cause instanceof UnknownHostException) {
                return shorten("unknown host " + cause.getMessage());
            }
            if (cause instanceof HttpClosedException) {
                return "connection closed";
            }
        }
        String message = failure.getMessage();
        return shorten(message == null ? failure.getClass().getSimpleName() : failure.getClass().getSimpleName() + ": " + message);
    }

    private static String shorten(String detail) {
        return detail.length() <= MAX_DETAIL_LENGTH ? detail : detail.substring(0, MAX_DETAIL_LENGTH - 1) + "…";
    }

    private static int elapsedMs(long startNanos) {
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, elapsed));
    }

    @Override
    public void close() {
        client.close();
    }
}
