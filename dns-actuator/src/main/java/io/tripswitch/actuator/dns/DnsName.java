package io.tripswitch.actuator.dns;

import java.util.Locale;
import java.util.Objects;

/**
 * A record name inside its zone, as configured: {@code zone} absolute ({@code example.test.}) and
 * {@code label} relative to it ({@code app}, {@code www.app}, or {@code @} for the apex). Each provider
 * wants a different spelling of it, so all of them are here.
 */
public record DnsName(String zone, String label) {

    public DnsName {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(label, "label");
        if (!zone.endsWith(".")) {
            throw new IllegalArgumentException("zone must be absolute (end with '.'): " + zone);
        }
        if (label.isEmpty() || label.endsWith(".")) {
            throw new IllegalArgumentException("label must be relative to the zone, or '@': " + label);
        }
    }

    public boolean isApex() {
        return label.equals("@");
    }

    /** The absolute name, lower case, e.g. {@code app.example.test.} (Route 53 and RFC 2136 spelling). */
    public String fqdn() {
        String name = isApex() ? zone : label + "." + zone;
        return name.toLowerCase(Locale.ROOT);
    }

    /** The zone without its final dot, e.g. {@code example.test} (OVH spelling). */
    public String zoneWithoutDot() {
        return zone.substring(0, zone.length() - 1).toLowerCase(Locale.ROOT);
    }

    /** The label as OVH's {@code subDomain}: empty for the apex. */
    public String subDomain() {
        return isApex() ? "" : label.toLowerCase(Locale.ROOT);
    }

    /** {@code example.test./app}, the tail of a target's name. */
    @Override
    public String toString() {
        return zone + "/" + label;
    }
}
