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

/**
 * A record set ({@code name} A/AAAA) at any {@link DnsProvider} that follows a group's active region;
 * the addresses per region come only from the actuator's configuration. Named
 * {@code dns:<provider>:<zone>/<name>}.
 */
public final class DnsTarget implements Target {

    private final String targetName;
    private final String group;
    private final DnsName name;
    private final long ttlSeconds;
    private final Map<String, List<InetAddress>> addressesByRegion;
    private final DnsProvider provider;

    public DnsTarget(String group, DnsName name, Duration ttl, Map<String, List<InetAddress>> addressesByRegion, DnsProvider provider) {
        this.targetName = "dns:" + provider.id() + ":" + name;
        this.group = group;
        this.name = name;
        this.ttlSeconds = ttl.toSeconds();
        this.addressesByRegion = Map.copyOf(addressesByRegion);
        this.provider = provider;
    }

    @Override
    public Duration slowestAttempt() {
        return provider.slowestApply();
    }

    @Override
    public String name() {
        return targetName;
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
        RecordSet desired = desired(region);
        String owner = name.fqdn();
        try {
            RecordSet actual = provider.read(name);
            if (actual.sameAs(desired)) {
                // An earlier attempt may have changed the records without seeing them served: finish that first.
                Optional<String> finished = provider.settle(name);
                return finished.isPresent()
                        ? Outcome.applied(owner + " " + desired.describe() + " at " + provider.describe() + ": " + finished.get())
                        : Outcome.alreadyInState(owner + " already " + desired.describe());
            }
            provider.apply(name, desired);
            return Outcome.applied(owner + " " + actual.describe() + " -> " + desired.describe() + " at " + provider.describe());
        } catch (IOException | RuntimeException e) {
            // RuntimeException too: a provider SDK may throw unchecked, and a Target never throws.
            return Outcome.failed(owner + " -> " + desired.describe() + ": " + e.getMessage());
        }
    }

    @Override
    public Optional<String> preflight() {
        try {
            provider.preflight(name);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(targetName + ": " + e.getMessage());
        }
    }

    @Override
    public Inspection inspect(String region) {
        RecordSet desired = desired(region);
        String owner = name.fqdn();
        try {
            RecordSet actual = provider.read(name);
            if (!actual.sameAs(desired)) {
                return Inspection.drifted(owner + " is " + actual.describe() + ", " + region + " needs " + desired.describe());
            }
            return provider.unsettled(name)
                    .map(unfinished -> Inspection.unsettled(owner + " " + desired.describe() + ", but " + unfinished))
                    .orElseGet(() -> Inspection.inState(owner + " " + desired.describe()));
        } catch (IOException | RuntimeException e) {
            return Inspection.unreadable(owner + ": cannot read the current records: " + e.getMessage());
        }
    }

    @Override
    public Outcome preview(String region, long epoch) {
        RecordSet desired = desired(region);
        String owner = name.fqdn();
        try {
            RecordSet actual = provider.read(name);
            return Outcome.dryRun(actual.sameAs(desired)
                    ? owner + " already " + desired.describe()
                    : "would set " + owner + " " + actual.describe() + " -> " + desired.describe() + " at " + provider.describe());
        } catch (IOException | RuntimeException e) {
            return Outcome.failed(owner + ": cannot read the current records: " + e.getMessage());
        }
    }

    private RecordSet desired(String region) {
        return RecordSet.of(addressesByRegion.getOrDefault(region, List.of()), ttlSeconds);
    }
}
