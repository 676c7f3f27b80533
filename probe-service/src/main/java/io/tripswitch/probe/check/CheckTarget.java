package io.tripswitch.probe.check;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One endpoint to check, with everything a check and the scheduler need: where it is, how to ask,
 * how often and how long to wait. Which of the optional parts is present depends on the kind
 * ({@link #http}, {@link #tcp}, {@link #haproxy} and {@link #dns} build consistent targets).
 *
 * @param region     region the endpoint belongs to (the key of its results)
 * @param endpoint   endpoint id, unique within its region
 * @param kind       which check applies
 * @param url        health URL of an HTTP check
 * @param hostHeader Host header an HTTP check sends instead of the URL's authority
 * @param httpSpec   method, accepted statuses, body substring, phase timeouts and TLS of an HTTP check
 * @param address    host and port a TCP check connects to (unresolved: resolution is part of the check)
 * @param haproxy    where an HAProxy check reads {@code show stat}
 * @param dns        what a DNS check asks whom, and which addresses it accepts
 * @param interval   time between two checks
 * @param timeout    time allowed for one check, connection included
 */
public record CheckTarget(String region, String endpoint, CheckKind kind, Optional<URI> url, Optional<String> hostHeader,
        Optional<HttpSpec> httpSpec, Optional<InetSocketAddress> address, Optional<HaproxySource> haproxy, Optional<DnsQuery> dns, Duration interval, Duration timeout) {

    public CheckTarget {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(hostHeader, "hostHeader");
        Objects.requireNonNull(httpSpec, "httpSpec");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(haproxy, "haproxy");
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        switch (kind) {
            case HTTP -> require(url.isPresent() && httpSpec.isPresent(), "an HTTP check needs a url and its spec");
            case TCP -> require(address.isPresent(), "a TCP check needs an address");
            case HAPROXY -> require(haproxy.isPresent(), "an HAProxy check needs a Runtime API socket");
            case DNS -> require(dns.isPresent(), "a DNS check needs a query");
        }
    }

    /** A target checked by {@code GET url}, UP on any 2xx ({@link HttpSpec#DEFAULT}). */
    public static CheckTarget http(String region, String endpoint, URI url, Optional<String> hostHeader, Duration interval,
            Duration timeout) {
        return http(region, endpoint, url, hostHeader, HttpSpec.DEFAULT, interval, timeout);
    }

    /** A target checked by an HTTP request to {@code url} as {@code spec} says. */
    public static CheckTarget http(String region, String endpoint, URI url, Optional<String> hostHeader, HttpSpec spec,
            Duration interval, Duration timeout) {
        return new CheckTarget(region, endpoint, CheckKind.HTTP, Optional.of(url), hostHeader, Optional.of(spec), Optional.empty(),
                Optional.empty(), Optional.empty(), interval, timeout);
    }

    /** A target checked by opening a TCP connection to {@code host:port}. */
    public static CheckTarget tcp(String region, String endpoint, String host, int port, Duration interval, Duration timeout) {
        return new CheckTarget(region, endpoint, CheckKind.TCP, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(InetSocketAddress.createUnresolved(host, port)), Optional.empty(), Optional.empty(), interval, timeout);
    }

    /** A target whose servers' states are read from an HAProxy's {@code show stat}. */
    public static CheckTarget haproxy(String region, String endpoint, HaproxySource source, Duration interval, Duration timeout) {
        return new CheckTarget(region, endpoint, CheckKind.HAPROXY, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(source), Optional.empty(), interval, timeout);
    }

    /** A target checked by resolving a public name and comparing the answer with the addresses it may have. */
    public static CheckTarget dns(String region, String endpoint, DnsQuery query, Duration interval, Duration timeout) {
        return new CheckTarget(region, endpoint, CheckKind.DNS, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(query), interval, timeout);
    }

    /** The same target under another endpoint id: one HAProxy target yields a result per server. */
    public CheckTarget withEndpoint(String id) {
        return new CheckTarget(region, id, kind, url, hostHeader, httpSpec, address, haproxy, dns, interval, timeout);
    }

    /** {@code region/endpoint}, for logs. */
    public String name() {
        return region + "/" + endpoint;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
