package io.tripswitch.probe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the running service's {@code /q/metrics} and {@code /q/health} over real HTTP. */
public final class ServiceEndpoints {

    private final URI root;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ServiceEndpoints(URI root) {
        this.root = root;
    }

    /** The Prometheus text exposition. */
    public String metrics() {
        HttpResponse<String> response = get("/q/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/q/metrics answered " + response.statusCode());
        }
        return response.body();
    }

    /** The value of the one sample whose name and labels are exactly {@code series}; fails when there is none. */
    public double metric(String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics());
        if (!matcher.find()) {
            throw new AssertionError("no sample " + series + " in /q/metrics");
        }
        return Double.parseDouble(matcher.group(1));
    }

    /** One health endpoint's answer. */
    public Health health(String path) {
        HttpResponse<String> response = get(path);
        return new Health(response.statusCode(), response.body());
    }

    private HttpResponse<String> get(String path) {
        try {
            return client.send(HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Status code and JSON body of a health endpoint. */
    public record Health(int status, String body) {

        /** The JSON object of the named check (from its name to the end of its data), or "" when absent. */
        public String check(String name) {
            int start = body.indexOf("\"name\": \"" + name + "\"");
            if (start < 0) {
                return "";
            }
            int open = body.lastIndexOf('{', start);
            int depth = 0;
            for (int i = open; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return body.substring(open, i + 1);
                }
            }
            return body.substring(open);
        }
    }
}
