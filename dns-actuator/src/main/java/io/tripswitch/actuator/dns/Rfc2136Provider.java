package io.tripswitch.actuator.dns;

import java.io.IOException;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * An authoritative server that takes RFC 2136 dynamic updates (Knot, BIND, PowerDNS), through
 * {@link Rfc2136Client}: both the A and the AAAA sets are replaced in one update message, which the
 * server applies atomically; "applied" means the server answered NOERROR (it then serves the change).
 */
public final class Rfc2136Provider implements DnsProvider {

    private final Rfc2136Client client;

    public Rfc2136Provider(Rfc2136Client client) {
        this.client = client;
    }

    @Override
    public String id() {
        return "rfc2136";
    }

    @Override
    public RecordSet read(DnsName name) throws IOException {
        return client.read(owner(name));
    }

    @Override
    public void apply(DnsName name, RecordSet desired) throws IOException {
        client.replace(Name.fromString(name.zone()), owner(name), List.copyOf(desired.addresses()), desired.ttlSeconds().orElseThrow());
    }

    @Override
    public void preflight(DnsName name) throws IOException {
        client.probe(Name.fromString(name.zone()));
    }

    @Override
    public String describe() {
        return client.describe();
    }

    private static Name owner(DnsName name) throws TextParseException {
        return Name.fromString(name.fqdn());
    }
}
