package io.tripswitch.probe.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 standing in for application servers: every path answers 200 until told
 * otherwise; it can answer any status or body or answer late, and records the Host header and method of each
 * request per path.
 */
public final class HealthServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, List<String>> hostHeaders = new ConcurrentHashMap<>();
    private final Map<String, List<String>> methods = new ConcurrentHashMap<>();
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free loopback port. */
    public static HealthServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            HealthServer health = new HealthServer(server);
            server.setExecutor(health.executor);
            server.createContext("/", health::handle);
            server.start();
            return health;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test HTTP server", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** From the next request on, {@code path} answers {@code status}. */
    public void answer(String path, int status) {
        statuses.put(path, status);
    }

    /** From the next request on, {@code path} waits this long before answering. */
    public void delay(String path, Duration delay) {
        delays.put(path, delay);
    }

    /** From the next request on, {@code path} answers this body (instead of {@code ok} or {@code failing}). */
    public void body(String path, byte[] body) {
        bodies.put(path, body.clone());
    }

    /** Methods of the requests received on {@code path}, oldest first. */
    public List<String> methodsSeen(String path) {
        return List.copyOf(methods.getOrDefault(path, List.of()));
    }

    /** Host headers received on {@code path}, oldest first. */
    public List<String> hostHeadersSeen(String path) {
        return List.copyOf(hostHeaders.getOrDefault(path, List.of()));
    }

    /** The most requests on {@code path} the server was answering at the same time. */
    public int maxConcurrentRequests(String path) {
        return maxInFlight.getOrDefault(path, new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hostHeaders.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(exchange.getRequestHeaders().getFirst("Host"));
        methods.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(exchange.getRequestMethod());
        int concurrent = inFlight.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        maxInFlight.computeIfAbsent(path, p -> new AtomicInteger()).accumulateAndGet(concurrent, Math::max);
        try (exchange) {
            Duration delay = delays.get(path);
            if (delay != null) {
                Thread.sleep(delay.toMillis());
            }
            int status = statuses.getOrDefault(path, 200);
            if (status >= 300 && status < 400) {
                exchange.getResponseHeaders().add("Location", "/elsewhere");
            }
            byte[] body = bodies.getOrDefault(path, (status >= 200 && status < 300 ? "ok" : "failing").getBytes());
            boolean noBody = exchange.getRequestMethod().equals("HEAD") || status == 204 || status == 304;
            exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
            if (!noBody) {
                exchange.getResponseBody().write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer to
        } finally {
            inFlight.get(path).decrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
