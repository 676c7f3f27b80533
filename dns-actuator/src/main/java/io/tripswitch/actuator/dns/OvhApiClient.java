package io.tripswitch.actuator.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Signed calls to the OVH API: each request carries the application key, the consumer key, a timestamp
 * in the API's own time (its {@code /auth/time} minus our clock, fetched once and kept) and
 * {@code $1$ + sha1hex(secret+consumerKey+METHOD+fullURL+body+timestamp)} (joined with {@code +}).
 * Error messages carry the API's answer with every credential scrubbed out.
 */
public final class OvhApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String endpoint;
    private final OvhCredentials credentials;
    private final HttpClient http;
    private final Clock clock;
    private final Duration timeout;
    /** OVH's clock minus ours, in seconds; null until fetched, reset when the API rejects a call's signature or time. */
    private volatile Long timeDelta;

    public OvhApiClient(URI endpoint, OvhCredentials credentials, HttpClient http, Clock clock, Duration timeout) {
        String base = endpoint.toString();
        this.endpoint = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.credentials = credentials;
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
    }

    public String endpoint() {
        return endpoint;
    }

    public JsonNode get(String path) throws IOException {
        return call("GET", path, "");
    }

    public JsonNode post(String path, JsonNode body) throws IOException {
        return call("POST", path, body == null ? "" : JSON.writeValueAsString(body));
    }

    public JsonNode put(String path, JsonNode body) throws IOException {
        return call("PUT", path, JSON.writeValueAsString(body));
    }

    public JsonNode delete(String path) throws IOException {
        return call("DELETE", path, "");
    }

    private JsonNode call(String method, String path, String body) throws IOException {
        String url = endpoint + path;
        String timestamp = Long.toString(clock.instant().getEpochSecond() + timeDelta());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Accept", "application/json")
                .header("X-Ovh-Application", credentials.applicationKey())
                .header("X-Ovh-Consumer", credentials.consumerKey())
                .header("X-Ovh-Timestamp", timestamp)
                .header("X-Ovh-Signature", signature(method, url, body, timestamp))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = send(request.build(), method + " " + path);
        if (response.statusCode() / 100 != 2) {
            if (response.statusCode() == 400 || response.statusCode() == 401 || response.statusCode() == 403) {
                timeDelta = null; // a stale time makes a valid signature fail: ask the API's time again next call
            }
            throw new DnsServerException("OVH " + method + " " + path + " answered " + response.statusCode() + ": "
                    + credentials.scrub(message(response.body())));
        }
        return parse(response.body());
    }

    /** {@code $1$} + SHA-1 hex of the signed string; public so tests and stand-ins compute the same thing. */
    public static String sign(OvhCredentials credentials, String method, String url, String body, String timestamp) {
        String signed = String.join("+", credentials.applicationSecret(), credentials.consumerKey(), method, url, body, timestamp);
        try {
            return "$1$" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    private String signature(String method, String url, String body, String timestamp) {
        return sign(credentials, method, url, body, timestamp);
    }

    private long timeDelta() throws IOException {
        Long delta = timeDelta;
        if (delta == null) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/auth/time")).timeout(timeout).GET().build();
            HttpResponse<String> response = send(request, "GET /auth/time");
            if (response.statusCode() != 200) {
                throw new DnsServerException("OVH GET /auth/time answered " + response.statusCode());
            }
            try {
                delta = Long.parseLong(response.body().trim()) - clock.instant().getEpochSecond();
            } catch (NumberFormatException e) {
                throw new DnsServerException("OVH GET /auth/time did not answer a number of seconds");
            }
            timeDelta = delta;
        }
        return delta;
    }

    private HttpResponse<String> send(HttpRequest request, String call) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during OVH " + call);
        } catch (IOException e) {
            throw new IOException("OVH " + call + " at " + endpoint + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + credentials.scrub(e.getMessage())), e);
        }
    }

    private static JsonNode parse(String body) throws IOException {
        return body == null || body.isBlank() ? NullNode.getInstance() : JSON.readTree(body);
    }

    private static String message(String body) {
        try {
            JsonNode node = parse(body);
            if (node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON: fall through to the raw text
        }
        String text = body == null ? "" : body.strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
