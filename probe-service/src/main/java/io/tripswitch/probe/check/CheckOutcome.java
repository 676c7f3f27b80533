package io.tripswitch.probe.check;

import java.util.Objects;

/**
 * What one check saw: up or down, how long it took, and a short human-readable detail
 * ({@code HTTP 200}, {@code HTTP 503}, {@code timeout after 800ms}, {@code connection refused}).
 */
public record CheckOutcome(boolean up, int latencyMs, String detail) {

    public CheckOutcome {
        Objects.requireNonNull(detail, "detail");
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must not be negative: " + latencyMs);
        }
    }

    public static CheckOutcome up(int latencyMs, String detail) {
        return new CheckOutcome(true, latencyMs, detail);
    }

    public static CheckOutcome down(int latencyMs, String detail) {
        return new CheckOutcome(false, latencyMs, detail);
    }
}
