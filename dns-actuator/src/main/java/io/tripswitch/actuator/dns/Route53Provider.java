package io.tripswitch.actuator.dns;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.xbill.DNS.Address;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * A record set in a Route 53 hosted zone, through the AWS SDK v2. The A and the AAAA sets are written
 * in one ChangeResourceRecordSets batch (atomic): UPSERT of each family the desired set has, DELETE of
 * a family it no longer has. "Applied" means Route 53 reports the change INSYNC (every Route 53 name
 * server answers it), polled with GetChange within {@code syncTimeout}. Only simple records are managed:
 * weighted, latency or alias sets of the same name are refused, never overwritten.
 * Credentials come only from the SDK's default provider chain.
 */
public final class Route53Provider implements DnsProvider {

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private final Route53Client route53;
    private final String hostedZoneId;
    private final Duration syncTimeout;
    private final Duration pollInterval;
    private final Clock clock;
    /** A change this provider submitted and has not seen INSYNC yet ({@link #settle} waits for it again). */
    private volatile String unsettledChange;

    public Route53Provider(Route53Client route53, String hostedZoneId, Duration syncTimeout, Duration pollInterval, Clock clock) {
        this.route53 = route53;
        this.hostedZoneId = stripPrefix(hostedZoneId, "/hostedzone/");
        this.syncTimeout = syncTimeout;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    /**
     * A synchronous client on the JDK's HTTP stack (targets run on their own threads), credentials from the
     * default provider chain (system properties, environment, web identity, profile, container, instance role),
     * the global endpoint unless {@code endpoint} overrides it (a stand-in or test server).
     */
    public static Route53Client client(Optional<URI> endpoint) {
        var builder = Route53Client.builder()
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(HTTP_TIMEOUT).socketTimeout(HTTP_TIMEOUT).build())
                // Standard retries: 3 attempts with jittered backoff, longer after throttling; then the attempt is FAILED.
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(30)).retryStrategy(RetryMode.STANDARD));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public String id() {
        return "route53";
    }

    @Override
    public RecordSet read(DnsName name) throws IOException {
        Map<RRType, ResourceRecordSet> sets = currentSets(name);
        Set<InetAddress> addresses = new HashSet<>();
        Set<Long> ttls = new HashSet<>();
        for (ResourceRecordSet set : sets.values()) {
            for (ResourceRecord record : set.resourceRecords()) {
                addresses.add(parse(record.value(), name));
            }
            ttls.add(set.ttl());
        }
        // Different TTLs on A and AAAA cannot equal a desired set (one TTL): reported without one, so it is rewritten.
        return new RecordSet(addresses, ttls.size() == 1 ? OptionalLong.of(ttls.iterator().next()) : OptionalLong.empty());
    }

    @Override
    public void apply(DnsName name, RecordSet desired) throws IOException {
        submit(addressChanges(name, desired));
    }

    /**
     * The epoch TXT {@code _tripswitch-epoch.<name>} (value {@code "7"}). Route 53 is read, then written: no
     * prerequisite travels with the change, so another writer between this read and the write goes unnoticed
     * (read-check-write, docs/decisions/0014); only one actuator at a time owns the name, which keeps that window closed
     * except around a takeover.
     */
    @Override
    public OptionalLong readEpoch(DnsName name) throws IOException {
        String owner = EpochStamp.ownerOf(name);
        List<ResourceRecordSet> listed;
        try {
            listed = route53.listResourceRecordSets(request -> request.hostedZoneId(hostedZoneId)
                    .startRecordName(owner).startRecordType(RRType.TXT).maxItems("1")).resourceRecordSets();
        } catch (SdkException e) {
            throw failure("ListResourceRecordSets", e);
        }
        for (ResourceRecordSet set : listed) {
            if (sameName(set.name(), owner) && set.type() == RRType.TXT) {
                if (set.resourceRecords().size() != 1) {
                    throw new DnsServerException(owner + " TXT in " + describe() + " holds " + set.resourceRecords().size()
                            + " values, Tripswitch writes one");
                }
                String value = set.resourceRecords().get(0).value().replace("\"", "");
                try {
                    return OptionalLong.of(EpochStamp.parse(value));
                } catch (IllegalArgumentException e) {
                    throw new DnsServerException(owner + " TXT in " + describe() + ": " + e.getMessage());
                }
            }
        }
        return OptionalLong.empty();
    }

    /**
     * One change batch (applied by Route 53 all or nothing): the address sets when they differ, and an UPSERT of the epoch
     * TXT. {@code stamp.previous()} was checked by the caller's read just before, not by Route 53 (read-check-write).
     */
    @Override
    public void apply(DnsName name, RecordSet desired, EpochStamp stamp) throws IOException {
        List<Change> changes = new ArrayList<>(read(name).sameAs(desired) ? List.of() : addressChanges(name, desired));
        changes.add(Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(ResourceRecordSet.builder()
                .name(EpochStamp.ownerOf(name)).type(RRType.TXT).ttl(desired.ttlSeconds().orElseThrow())
                .resourceRecords(ResourceRecord.builder().value("\"" + EpochStamp.text(stamp.next()) + "\"").build()).build()).build());
        submit(changes);
    }

    @Override
    public boolean recordsEpoch() {
        return true;
    }

    private List<Change> addressChanges(DnsName name, RecordSet desired) throws IOException {
        Map<RRType, ResourceRecordSet> current = currentSets(name);
        List<Change> changes = new ArrayList<>();
        for (RRType type : List.of(RRType.A, RRType.AAAA)) {
            List<ResourceRecord> values = desired.addresses().stream()
                    .filter(address -> typeOf(address) == type)
                    .map(address -> ResourceRecord.builder().value(address.getHostAddress()).build())
                    .sorted((a, b) -> a.value().compareTo(b.value()))
                    .toList();
            if (!values.isEmpty()) {
                changes.add(Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(ResourceRecordSet.builder()
                        .name(name.fqdn()).type(type).ttl(desired.ttlSeconds().orElseThrow()).resourceRecords(values).build()).build());
            } else if (current.containsKey(type)) {
                // Route 53 deletes a set only when given its exact current values and TTL.
                changes.add(Change.builder().action(ChangeAction.DELETE).resourceRecordSet(current.get(type)).build());
            }
        }
        return changes;
    }

    private void submit(List<Change> changes) throws IOException {
        ChangeInfo change;
        try {
            change = route53.changeResourceRecordSets(request -> request.hostedZoneId(hostedZoneId)
                    .changeBatch(batch -> batch.comment("tripswitch").changes(changes))).changeInfo();
        } catch (SdkException e) {
            throw failure("ChangeResourceRecordSets", e);
        }
        unsettledChange = stripPrefix(change.id(), "/change/");
        awaitInSync(unsettledChange, change.status());
    }

    @Override
    public Optional<String> settle(DnsName name) throws IOException {
        String change = unsettledChange;
        if (change == null) {
            return Optional.empty();
        }
        awaitInSync(change, ChangeStatus.PENDING);
        return Optional.of("change " + change + " now INSYNC");
    }

    @Override
    public Optional<String> unsettled(DnsName name) {
        String change = unsettledChange;
        return change == null ? Optional.empty() : Optional.of("change " + change + " not seen INSYNC yet");
    }

    @Override
    public Duration slowestApply() {
        return syncTimeout;
    }

    @Override
    public String describe() {
        return "Route 53 zone " + hostedZoneId;
    }

    private void awaitInSync(String change, ChangeStatus status) throws IOException {
        Instant deadline = clock.instant().plus(syncTimeout);
        while (status != ChangeStatus.INSYNC) {
            if (!clock.instant().isBefore(deadline)) {
                throw new DnsServerException("change " + change + " not in sync after " + syncTimeout.toSeconds()
                        + "s: Route 53 accepted it and its API already returns the new records, but not all of its name servers"
                        + " answer them yet; the next attempt waits for this change again");
            }
            sleep(pollInterval);
            try {
                status = route53.getChange(request -> request.id(change)).changeInfo().status();
            } catch (SdkException e) {
                throw failure("GetChange " + change, e);
            }
        }
        if (change.equals(unsettledChange)) {
            unsettledChange = null;
        }
    }

    /** The simple A and AAAA sets of {@code name}: they sort together, right after the start of the listing. */
    private Map<RRType, ResourceRecordSet> currentSets(DnsName name) throws IOException {
        List<ResourceRecordSet> listed;
        try {
            listed = route53.listResourceRecordSets(request -> request.hostedZoneId(hostedZoneId)
                    .startRecordName(name.fqdn()).startRecordType(RRType.A).maxItems("10")).resourceRecordSets();
        } catch (SdkException e) {
            throw failure("ListResourceRecordSets", e);
        }
        Map<RRType, ResourceRecordSet> sets = new EnumMap<>(RRType.class);
        for (ResourceRecordSet set : listed) {
            if (!sameName(set.name(), name.fqdn()) || (set.type() != RRType.A && set.type() != RRType.AAAA)) {
                continue;
            }
            if (set.setIdentifier() != null || set.aliasTarget() != null) {
                throw new DnsServerException(name.fqdn() + " " + set.typeAsString() + " in " + describe()
                        + " is an alias or routing-policy record set; only simple record sets are managed");
            }
            sets.put(set.type(), set);
        }
        return sets;
    }

    private IOException failure(String call, SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return new DnsServerException(call + " in " + describe() + " answered " + service.statusCode() + " "
                    + service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage());
        }
        // Client-side failures (no credentials in the chain, connection refused, timeouts) name no secret.
        return new IOException(call + " in " + describe() + " failed: " + e.getMessage(), e);
    }

    private static boolean sameName(String listed, String fqdn) {
        String absolute = listed.endsWith(".") ? listed : listed + ".";
        return absolute.equalsIgnoreCase(fqdn);
    }

    private static RRType typeOf(InetAddress address) {
        return address instanceof Inet6Address ? RRType.AAAA : RRType.A;
    }

    private static InetAddress parse(String value, DnsName name) throws DnsServerException {
        try {
            return Address.getByAddress(value);
        } catch (UnknownHostException e) {
            throw new DnsServerException(name.fqdn() + " has a value that is not an address: '" + value + "'");
        }
    }

    private static String stripPrefix(String id, String prefix) {
        return id.startsWith(prefix) ? id.substring(prefix.length()) : id;
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Route 53 to be in sync");
        }
    }
}
