package io.tripswitch.probe.check;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a DNS check asks and expects: the A and AAAA records of {@code name} from {@code resolver} must be the
 * addresses of the group's active region (the addresses the actuator points the group's records to).
 *
 * @param name              fully qualified public name, e.g. {@code app.example.test.}
 * @param resolver          DNS server to ask (resolved: it is an address, never a name to look up)
 * @param group             traffic group the name follows; its active region comes from {@link ActiveRegions}
 * @param addressesByRegion the group's IPv4 and IPv6 addresses per region, in canonical form
 */
public record DnsQuery(String name, InetSocketAddress resolver, String group, Map<String, Set<String>> addressesByRegion) {

    public DnsQuery {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(group, "group");
        TreeMap<String, Set<String>> canonical = new TreeMap<>();
        addressesByRegion.forEach((region, addresses) -> {
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("region " + region + " of group " + group + " has no address");
            }
            canonical.put(region, Set.copyOf(addresses.stream().map(IpAddresses::canonical).collect(Collectors.toCollection(TreeSet::new))));
        });
        if (canonical.isEmpty()) {
            throw new IllegalArgumentException("a DNS check needs the addresses of at least one region");
        }
        addressesByRegion = Map.copyOf(canonical);
    }
}
