package io.tripswitch.probe.check;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an HAProxy check reads {@code show stat}: the Runtime API ({@code stats socket}) as a UNIX socket
 * path or {@code host:port}, and optionally the one backend whose servers are reported.
 */
public record HaproxySource(String socket, Optional<String> backend) {

    public HaproxySource {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(backend, "backend");
        if (socket.isBlank()) {
            throw new IllegalArgumentException("socket must not be blank");
        }
    }
}
