package io.tripswitch.probe.check;

import io.netty.channel.ConnectTimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import io.vertx.mutiny.core.Vertx;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * HTTP(S) health check: one request as the target's {@link HttpSpec} says (method, Host header, SNI name),
 * UP when the status is in the expected set (default any 2xx; redirects are not followed) and, when asked,
 * the body contains a text. Only the first {@link #MAX_BODY_BYTES} of a body are read, and only for a body
 * check, so a huge or endless body costs no memory. Three deadlines: connect (TCP and TLS handshake), read
 * (no data for that long once connected) and the target's timeout over everything; each names itself in the
 * detail. Certificates are verified against the SNI name unless the trust says otherwise.
 *
 * <p>Non-blocking, on Vert.x. Endpoints share HTTP clients: one per distinct trust and connect timeout (Vert.x 4
 * sets the TCP connect timeout per client), a handful in a deployment however many endpoints it has.
 */
public final class HttpCheck implements Check, AutoCloseable {

    /** The most of a body a body check reads: 64 KiB. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private static final int MAX_DETAIL_LENGTH = 200;
    // Endpoints behind one address (a load balancer, virtual hosts) must not queue behind Vert.x' default of 5 connections.
    private static final int MAX_CONNECTIONS_PER_SERVER = 100;

    private final io.vertx.core.Vertx vertx;
    private final Map<ClientKey, SharedClient> clients = new ConcurrentHashMap<>();

    private record ClientKey(TlsTrust trust, long connectTimeoutMs) {
    }

    /** A client, or why its trust store could not be used: kept too, so a broken file is not re-read on the event loop every check. */
    private record SharedClient(HttpClient client, String problem) {
    }

    private enum Phase { CONNECT, READ }

    /** A failure and the phase it happened in, so that a Vert.x timeout is told as the connect or the read timeout. */
    private static final class PhaseFailure extends RuntimeException {
        private final Phase phase;

        PhaseFailure(Phase phase, Throwable cause) {
            super(cause.getMessage(), cause, false, false);
            this.phase = phase;
        }
    }

    public HttpCheck(Vertx vertx) {
        this.vertx = vertx.getDelegate();
    }

    @Override
    public CheckKind kind() {
        return CheckKind.HTTP;
    }

    @Override
    public Uni<CheckOutcome> run(CheckTarget target) {
        HttpSpec spec = target.httpSpec().orElse(HttpSpec.DEFAULT);
        long timeoutMs = target.timeout().toMillis();
        long connectMs = spec.connectTimeout().orElse(target.timeout()).toMillis();
        long readMs = spec.readTimeout().orElse(target.timeout()).toMillis();
        URI url = target.url().orElseThrow();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        String serverName = serverName(target, spec);
        return Uni.createFrom().deferred(() -> {
            long startNanos = System.nanoTime();
            SharedClient shared = client(https ? spec.trust() : TlsTrust.DEFAULT, connectMs);
            if (shared.client() == null) {
                return Uni.createFrom().item(CheckOutcome.down(elapsedMs(startNanos), shared.problem()));
            }
            HttpClient client = shared.client();
            Exchange exchange = new Exchange(spec, startNanos);
            RequestOptions options = options(target, spec, url, https, serverName, connectMs, readMs);
            return Uni.createFrom().<CheckOutcome>emitter(emitter -> exchange.start(client, options, emitter))
                    // One deadline for the whole check; the connect and read timeouts only bound their own phase.
                    .ifNoItem().after(target.timeout()).fail()
                    .onFailure().recoverWithItem(failure -> CheckOutcome.down(elapsedMs(startNanos),
                            describeHttp(failure, timeoutMs, spec, serverName)));
        });
    }

    private static RequestOptions options(CheckTarget target, HttpSpec spec, URI url, boolean https, String serverName, long connectMs,
            long readMs) {
        String urlHost = bare(url.getHost());
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(spec.method()))
                .setAbsoluteURI(url.toString())
                .setConnectTimeout(connectMs)
                .setIdleTimeout(readMs)
                .putHeader(HttpHeaders.USER_AGENT, "tripswitch-probe")
                .putHeader(HttpHeaders.HOST, target.hostHeader().orElse(url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort())));
        if (https && !serverName.equalsIgnoreCase(urlHost)) {
            // Connect to the URL's address but name another server: Vert.x sends the request host as SNI and
            // verifies the certificate against it.
            options.setServer(SocketAddress.inetSocketAddress(port, urlHost)).setHost(serverName);
        }
        return options;
    }

    /** SNI and certificate name: the configured one, else the Host header's host, else the URL's host. */
    static String serverName(CheckTarget target, HttpSpec spec) {
        return spec.serverName()
                .or(() -> target.hostHeader().map(HttpCheck::hostOf))
                .orElseGet(() -> bare(target.url().orElseThrow().getHost()));
    }

    /** The host of a Host header value: without its port, an IPv6 literal without brackets. */
    private static String hostOf(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end > 0 ? hostHeader.substring(1, end) : hostHeader;
        }
        int colon = hostHeader.indexOf(':');
        return colon >= 0 && colon == hostHeader.lastIndexOf(':') ? hostHeader.substring(0, colon) : hostHeader;
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private SharedClient client(TlsTrust trust, long connectMs) {
        return clients.computeIfAbsent(new ClientKey(trust, connectMs), key -> {
            HttpClientOptions options = new HttpClientOptions()
                    // A fresh connection per check, as HAProxy's own checks do: a pooled connection the server
                    // closes while idle would fail the next check and report a healthy endpoint as down.
                    .setKeepAlive(false)
                    .setMaxPoolSize(MAX_CONNECTIONS_PER_SERVER)
                    .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectMs))
                    .setVerifyHost(trust.verify())
                    .setTrustAll(!trust.verify());
            if (trust.verify() && trust.hasOwnCertificates()) {
                try {
                    // Read once per distinct trust; ProbeSettings has already read it at startup, so this normally succeeds.
                    options.setTrustOptions(TrustOptions.wrap(trust.trustManagers()));
                } catch (IllegalArgumentException unusable) {
                    return new SharedClient(null, shorten("TLS trust unusable: " + unusable.getMessage()));
                }
            }
            return new SharedClient(vertx.createHttpClient(options), null);
        });
    }

    /** One request and its answer; events arrive on a Vert.x event loop, the deadline's cancellation on any thread. */
    private static final class Exchange {
        private final HttpSpec spec;
        private final long startNanos;
        private volatile HttpClientRequest request;
        private volatile boolean terminated;

        Exchange(HttpSpec spec, long startNanos) {
            this.spec = spec;
            this.startNanos = startNanos;
        }

        void start(HttpClient client, RequestOptions options, UniEmitter<? super CheckOutcome> emitter) {
            // Past the deadline (or once judged) the connection is closed at once: a silent server never holds a socket.
            emitter.onTermination(this::abort);
            client.request(options).onComplete(connecting -> {
                if (connecting.failed()) {
                    emitter.fail(new PhaseFailure(Phase.CONNECT, connecting.cause()));
                    return;
                }
                request = connecting.result();
                // Failures reach the futures below; a reset after the verdict is expected and not worth a log line.
                request.exceptionHandler(ignored -> { });
                if (terminated) {
                    abort();
                    return;
                }
                request.send().onComplete(answering -> {
                    if (answering.failed()) {
                        emitter.fail(new PhaseFailure(Phase.READ, answering.cause()));
                    } else {
                        judge(answering.result(), emitter);
                    }
                });
            });
        }

        private void judge(HttpClientResponse response, UniEmitter<? super CheckOutcome> emitter) {
            response.exceptionHandler(ignored -> { });
            int status = response.statusCode();
            String detail = "HTTP " + status;
            if (!spec.expected().accepts(status)) {
                // The default set goes without saying; a configured one is named, so the operator sees what was asked.
                emitter.complete(CheckOutcome.down(elapsedMs(startNanos),
                        spec.expected().equals(StatusSet.SUCCESS) ? detail : detail + " (expected " + spec.expected() + ")"));
                return;
            }
            if (spec.bodyContains().isEmpty()) {
                emitter.complete(CheckOutcome.up(elapsedMs(startNanos), detail));
                return;
            }
            String text = spec.bodyContains().get();
            Buffer head = Buffer.buffer();
            response.exceptionHandler(failure -> emitter.fail(new PhaseFailure(Phase.READ, failure)));
            response.handler(chunk -> {
                int room = MAX_BODY_BYTES - head.length();
                if (room <= 0) {
                    return;
                }
                head.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
                if (head.length() >= MAX_BODY_BYTES) {
                    emitter.complete(bodyOutcome(detail, text, head, true));
                }
            });
            response.endHandler(ignored -> emitter.complete(bodyOutcome(detail, text, head, false)));
        }

        private CheckOutcome bodyOutcome(String statusDetail, String text, Buffer head, boolean cut) {
            if (head.toString(StandardCharsets.UTF_8).contains(text)) {
                return CheckOutcome.up(elapsedMs(startNanos), statusDetail);
            }
            return CheckOutcome.down(elapsedMs(startNanos), shorten(statusDetail + ", body lacks '" + text + "'"
                    + (cut ? " in its first " + MAX_BODY_BYTES / 1024 + " KiB" : "")));
        }

        private void abort() {
            terminated = true;
            HttpClientRequest current = request;
            if (current != null) {
                // Closes the connection unless the exchange is already over (then it does nothing).
                current.reset();
            }
        }
    }

    /** The detail of a failed HTTP check: which deadline passed, what TLS refused, or what the network said. */
    static String describeHttp(Throwable failure, long timeoutMs, HttpSpec spec, String serverName) {
        if (failure instanceof PhaseFailure phaseFailure) {
            Throwable cause = phaseFailure.getCause();
            if (isTimeout(cause)) {
                // A phase without a timeout of its own has the whole check's: it is that deadline that passed,
                // whichever of the equal timers noticed first.
                Optional<Duration> phaseTimeout = phaseFailure.phase == Phase.CONNECT ? spec.connectTimeout() : spec.readTimeout();
                String phase = phaseFailure.phase == Phase.CONNECT ? "connect" : "read";
                return phaseTimeout.map(duration -> phase + " timeout after " + duration.toMillis() + "ms")
                        .orElse("timeout after " + timeoutMs + "ms");
            }
            String tls = describeTls(cause, serverName);
            return tls != null ? tls : describe(cause, timeoutMs);
        }
        return describe(failure, timeoutMs);
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Why a TLS handshake failed, in an operator's words; null when the failure is not TLS's. */
    private static String describeTls(Throwable failure, String serverName) {
        boolean tls = false;
        Throwable innermost = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            tls |= cause instanceof SSLException;
            innermost = cause;
            if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException) {
                return shorten("TLS: certificate of " + serverName + " not trusted (" + cause.getMessage() + ")");
            }
        }
        if (!tls) {
            return null;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof CertificateException && (message.startsWith("No subject alternative") || message.startsWith("No name matching"))) {
                return shorten("TLS: certificate does not match server name " + serverName + " (" + message + ")");
            }
        }
        return shorten("TLS handshake failed: " + innermost.getMessage());
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
                String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
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

    /** How many HTTP clients the checks so far have needed: one per distinct trust and connect timeout. */
    int clientCount() {
        return clients.size();
    }

    @Override
    public void close() {
        clients.values().stream().filter(shared -> shared.client() != null).forEach(shared -> shared.client().close());
        clients.clear();
    }
}
