package io.tripswitch.probe.check;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How an HTTP check asks and what it accepts, beyond the URL and Host header of its {@link CheckTarget}.
 *
 * @param method         HTTP method, e.g. {@code GET} or {@code HEAD}
 * @param expected       statuses that mean UP
 * @param bodyContains   text the body must contain; only the first {@link HttpCheck#MAX_BODY_BYTES} bytes are read
 * @param connectTimeout time allowed to connect (TLS handshake included); empty: the target's timeout
 * @param readTimeout    time allowed without data once connected (for the status line, then for each body chunk); empty: the target's timeout
 * @param serverName     SNI name and name the certificate must match; empty: the Host header's host, else the URL's
 * @param trust          which certificates an https URL may present
 */
public record HttpSpec(String method, StatusSet expected, Optional<String> bodyContains, Optional<Duration> connectTimeout,
        Optional<Duration> readTimeout, Optional<String> serverName, TlsTrust trust) {

    // Before DEFAULT: the constructor needs it while the class initialises.
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

    /** {@code GET}, any 2xx, no body check, the target's timeout for every phase, the JVM's trust store. */
    public static final HttpSpec DEFAULT = new HttpSpec("GET", StatusSet.SUCCESS, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), TlsTrust.DEFAULT);

    public HttpSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(bodyContains, "bodyContains");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(trust, "trust");
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("unsupported HTTP method: " + method);
        }
        if (bodyContains.filter(String::isEmpty).isPresent()) {
            throw new IllegalArgumentException("bodyContains must not be empty");
        }
    }

    public HttpSpec withMethod(String newMethod) {
        return new HttpSpec(newMethod, expected, bodyContains, connectTimeout, readTimeout, serverName, trust);
    }

    public HttpSpec withExpected(StatusSet newExpected) {
        return new HttpSpec(method, newExpected, bodyContains, connectTimeout, readTimeout, serverName, trust);
    }

    public HttpSpec withBodyContains(String text) {
        return new HttpSpec(method, expected, Optional.of(text), connectTimeout, readTimeout, serverName, trust);
    }

    public HttpSpec withConnectTimeout(Duration timeout) {
        return new HttpSpec(method, expected, bodyContains, Optional.of(timeout), readTimeout, serverName, trust);
    }

    public HttpSpec withReadTimeout(Duration timeout) {
        return new HttpSpec(method, expected, bodyContains, connectTimeout, Optional.of(timeout), serverName, trust);
    }

    public HttpSpec withServerName(String name) {
        return new HttpSpec(method, expected, bodyContains, connectTimeout, readTimeout, Optional.of(name), trust);
    }

    public HttpSpec withTrust(TlsTrust newTrust) {
        return new HttpSpec(method, expected, bodyContains, connectTimeout, readTimeout, serverName, newTrust);
    }
}
