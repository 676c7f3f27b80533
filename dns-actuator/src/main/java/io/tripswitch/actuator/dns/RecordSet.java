package io.tripswitch.actuator.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/** The A and AAAA records a name has (or should have), as a set of addresses with their TTL. */
public record RecordSet(Set<InetAddress> addresses, OptionalLong ttlSeconds) {

    public RecordSet {
        addresses = Set.copyOf(addresses);
    }

    public static RecordSet of(List<InetAddress> addresses, long ttlSeconds) {
        return new RecordSet(Set.copyOf(addresses), OptionalLong.of(ttlSeconds));
    }

    /** Same addresses and same TTL: nothing to change. */
    public boolean sameAs(RecordSet other) {
        return addresses.equals(other.addresses) && ttlSeconds.equals(other.ttlSeconds);
    }

    /** e.g. {@code [127.0.20.1] ttl 30}, addresses sorted so details are stable. */
    public String describe() {
        if (addresses.isEmpty()) {
            return "[]";
        }
        TreeSet<String> sorted = new TreeSet<>();
        addresses.forEach(address -> sorted.add(address.getHostAddress()));
        return sorted + (ttlSeconds.isPresent() ? " ttl " + ttlSeconds.getAsLong() : "");
    }
}
