package io.tripswitch.actuator.dns;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
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

    /** The recorded epoch; the TXT set must be one single numeric string (only Tripswitch writes that name). */
    @Override
    public OptionalLong readEpoch(DnsName name) throws IOException {
        List<String> values = client.readTexts(Name.fromString(EpochStamp.ownerOf(name)));
        if (values.isEmpty()) {
            return OptionalLong.empty();
        }
        if (values.size() > 1) {
            throw new DnsServerException(EpochStamp.ownerOf(name) + " holds " + values.size() + " TXT values " + values
                    + ", Tripswitch writes one");
        }
        try {
            return OptionalLong.of(EpochStamp.parse(values.get(0)));
        } catch (IllegalArgumentException e) {
            throw new DnsServerException(EpochStamp.ownerOf(name) + ": " + e.getMessage());
        }
    }

    /** One UPDATE: a prerequisite on the epoch TXT (its value, or its absence), then both address sets and the TXT. */
    @Override
    public void apply(DnsName name, RecordSet desired, EpochStamp stamp) throws IOException {
        client.replace(Name.fromString(name.zone()), owner(name), List.copyOf(desired.addresses()), desired.ttlSeconds().orElseThrow(),
                Name.fromString(EpochStamp.ownerOf(name)), stamp);
    }

    @Override
    public boolean recordsEpoch() {
        return true;
    }

    @Override
    public boolean comparesAndSets() {
        return true;
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
