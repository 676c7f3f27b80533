package io.tripswitch.actuator.dns;

import io.tripswitch.actuator.domain.Inspection;
import io.tripswitch.actuator.domain.Outcome;
import io.tripswitch.actuator.domain.Target;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * A record set ({@code name.zone} A/AAAA) on an RFC 2136 server that follows a group's active region;
 * the addresses per region come only from the actuator's configuration.
 */
public final class Rfc2136Target implements Target {

    private final String name;
    private final String group;
    private final Name zone;
    private final Name owner;
    private final long ttlSeconds;
    private final Map<String, List<InetAddress>> addressesByRegion;
    private final Rfc2136Client client;

    public Rfc2136Target(String group, Name zone, Name owner, String recordName, Duration ttl,
            Map<String, List<InetAddress>> addressesByRegion, Rfc2136Client client) {
        this.name = "dns:rfc2136:" + zone + "/" + recordName;
        this.group = group;
        this.zone = zone;
        this.owner = owner;
        this.ttlSeconds = ttl.toSeconds();
        this.addressesByRegion = Map.copyOf(addressesByRegion);
        this.client = client;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public Optional<String> refusal(String region) {
        List<InetAddress> addresses = addressesByRegion.get(region);
        return addresses == null || addresses.isEmpty()
                ? Optional.of("no addresses configured for region '" + region + "'")
                : Optional.empty();
    }

    @Override
    public Outcome apply(String region, long epoch) {
        RecordSet desired = RecordSet.of(addressesByRegion.get(region), ttlSeconds);
        try {
            RecordSet actual = client.read(owner);
            if (actual.sameAs(desired)) {
                return Outcome.alreadyInState(owner + " already " + desired.describe());
            }
            client.replace(zone, owner, addressesByRegion.get(region), ttlSeconds);
            return Outcome.applied(owner + " " + actual.describe() + " -> " + desired.describe() + " at " + client.describe());
        } catch (IOException e) {
            return Outcome.failed(owner + " -> " + desired.describe() + ": " + e.getMessage());
        }
    }

    @Override
    public Inspection inspect(String region) {
        RecordSet desired = RecordSet.of(addressesByRegion.get(region), ttlSeconds);
        try {
            RecordSet actual = client.read(owner);
            return actual.sameAs(desired)
                    ? Inspection.inState(owner + " " + desired.describe())
                    : Inspection.drifted(owner + " is " + actual.describe() + ", " + region + " needs " + desired.describe());
        } catch (IOException e) {
            return Inspection.unreadable(owner + ": cannot read the current records: " + e.getMessage());
        }
    }

    @Override
    public Outcome preview(String region, long epoch) {
        RecordSet desired = RecordSet.of(addressesByRegion.get(region), ttlSeconds);
        try {
            RecordSet actual = client.read(owner);
            return Outcome.dryRun(actual.sameAs(desired)
                    ? owner + " already " + desired.describe()
                    : "would set " + owner + " " + actual.describe() + " -> " + desired.describe() + " at " + client.describe());
        } catch (IOException e) {
            return Outcome.failed(owner + ": cannot read the current records: " + e.getMessage());
        }
    }
}
