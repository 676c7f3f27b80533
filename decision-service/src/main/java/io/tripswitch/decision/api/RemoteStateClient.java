package io.tripswitch.decision.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Fetches a key from the read API of the instance that holds it ({@code ?local=true}: that instance answers from its
 * own stores and never forwards again, so two instances with different views of the assignment cannot loop).
 * The JDK's HTTP client, so the same class serves inside Quarkus and in a plain Kafka Streams instance.
 */
public final class RemoteStateClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json;

    public RemoteStateClient(ObjectMapper json) {
        this.json = json;
    }

    /** The value at {@code path} on {@code host}; empty on 404; NotQueryableException on anything else. */
    public <T> Optional<T> fetch(HostInfo host, String collection, String key, Class<T> type) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + "/" + collection + "/"
                + URLEncoder.encode(key, StandardCharsets.UTF_8) + "?local=true");
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new NotQueryableException(uri + " answered " + response.statusCode());
            }
            return Optional.of(json.readValue(response.body(), type));
        } catch (IOException e) {
            throw new NotQueryableException(uri + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotQueryableException("interrupted while fetching " + uri, e);
        }
    }
}
