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
import java.util.OptionalLong;

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

    /** How often a change whose epoch condition failed (another actuator got there first) is judged again. */
    private static final int EPOCH_ROUNDS = 3;

    @Override
    public boolean shared() {
        return true;
    }

    /**
     * Reads the records and the epoch they carry; a target carrying a newer epoch than {@code epoch} is never moved back
     * (REJECTED, left as is). Otherwise the records and {@code epoch} are written in one change conditioned on the epoch
     * just read: with RFC 2136 the server checks that condition (compare-and-set), so of two actuators acting on a stale
     * view one loses cleanly and judges again on what the target now holds. Providers that cannot compare-and-set see
     * only the read just before the write: a change by another actuator between the two is not detected (0014).
     */
    @Override
    public Outcome apply(String region, long epoch) {
        RecordSet desired = desired(region);
        String owner = name.fqdn();
        for (int round = 1; ; round++) {
            try {
                RecordSet actual = provider.read(name);
                OptionalLong carried = provider.readEpoch(name);
                if (carried.isPresent() && carried.getAsLong() > epoch) {
                    return Outcome.rejected(ahead(owner, carried.getAsLong(), epoch, actual));
                }
                EpochStamp stamp = new EpochStamp(carried, epoch);
                if (actual.sameAs(desired)) {
                    // An earlier attempt may have changed the records without seeing them served: finish that first.
                    Optional<String> finished = provider.settle(name);
                    String recorded = "";
                    if (provider.recordsEpoch() && (carried.isEmpty() || carried.getAsLong() != epoch)) {
                        provider.apply(name, desired, stamp);
                        recorded = ", epoch " + epoch + " recorded";
                    }
                    return finished.isPresent()
                            ? Outcome.applied(owner + " " + desired.describe() + " at " + provider.describe() + ": " + finished.get() + recorded)
                            : Outcome.alreadyInState(owner + " already " + desired.describe() + recorded);
                }
                provider.apply(name, desired, stamp);
                return Outcome.applied(owner + " " + actual.describe() + " -> " + desired.describe() + " at " + provider.describe()
                        + (provider.recordsEpoch() ? " (epoch " + carried.stream().mapToObj(Long::toString).findFirst().orElse("none")
                                + " -> " + epoch + ")" : ""));
            } catch (EpochConflictException e) {
                if (round >= EPOCH_ROUNDS) {
                    return Outcome.failed(owner + " -> " + desired.describe() + ": " + e.getMessage() + " (" + round + " times)");
                }
                // someone else changed the target between our read and our write: judge again on what it holds now
            } catch (IOException | RuntimeException e) {
                // RuntimeException too: a provider SDK may throw unchecked, and a Target never throws.
                return Outcome.failed(owner + " -> " + desired.describe() + ": " + e.getMessage());
            }
        }
    }

    private String ahead(String owner, long carried, long epoch, RecordSet actual) {
        return owner + " carries epoch " + carried + ", newer than " + epoch + ": never moved back (left " + actual.describe()
                + ", written by a newer decision)";
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
        return inspect(region, Long.MAX_VALUE);
    }

    @Override
    public Inspection inspect(String region, long epochOfInspection) {
        RecordSet desired = desired(region);
        String owner = name.fqdn();
        try {
            RecordSet actual = provider.read(name);
            OptionalLong carried = provider.readEpoch(name);
            if (carried.isPresent() && carried.getAsLong() > epochOfInspection) {
                return Inspection.ahead(ahead(owner, carried.getAsLong(), epochOfInspection, actual));
            }
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
            OptionalLong carried = provider.readEpoch(name);
            if (carried.isPresent() && carried.getAsLong() > epoch) {
                return Outcome.dryRun("would leave " + ahead(owner, carried.getAsLong(), epoch, actual));
            }
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
