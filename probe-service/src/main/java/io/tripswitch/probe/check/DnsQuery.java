package io.tripswitch.probe.check;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;

/**
 * What a DNS check asks and accepts: the A records of {@code name} from {@code resolver}, each of which must
 * be one of {@code expected} (the addresses the group's records may point to, in any of its regions).
 *
 * @param name     fully qualified public name, e.g. {@code app.example.test.}
 * @param resolver DNS server to ask (resolved: it is an address, never a name to look up)
 * @param expected textual IP addresses the answer may contain
 */
public record DnsQuery(String name, InetSocketAddress resolver, Set<String> expected) {

    public DnsQuery {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resolver, "resolver");
        expected = Set.copyOf(expected);
        if (expected.isEmpty()) {
            throw new IllegalArgumentException("a DNS check needs at least one expected address");
        }
    }
}
