package io.tripswitch.probe.check;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One endpoint to check, with everything a check and the scheduler need: where it is, how to ask,
 * how often and how long to wait.
 *
 * @param region     region the endpoint belongs to (the key of its results)
 * @param endpoint   endpoint id, unique within its region
 * @param kind       which check applies
 * @param url        health URL
 * @param hostHeader Host header to send instead of the URL's authority
 * @param interval   time between two checks
 * @param timeout    time allowed for one check, connection included
 */
public record CheckTarget(String region, String endpoint, CheckKind kind, URI url, Optional<String> hostHeader,
        Duration interval, Duration timeout) {

    public CheckTarget {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(hostHeader, "hostHeader");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** {@code region/endpoint}, for logs. */
    public String name() {
        return region + "/" + endpoint;
    }
}
