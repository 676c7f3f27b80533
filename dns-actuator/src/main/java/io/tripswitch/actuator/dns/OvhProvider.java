package io.tripswitch.actuator.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.xbill.DNS.Address;

/**
 * A record set in a zone hosted by OVH, through its DNS API ({@link OvhApiClient}). OVH stores one record
 * per address: records are updated in place (PUT target and TTL), created for missing addresses (POST),
 * deleted when extra (DELETE, last, so the name is never left empty), then the zone is refreshed.
 * OVH serves changes only after that refresh, so "applied" means the refresh call succeeded; when it
 * fails, the next attempt ({@link #settle}) refreshes again even if the records already match, and until then
 * the target reads unsettled ({@link #unsettled}), so a resync does not take matching records for served ones.
 */
public final class OvhProvider implements DnsProvider {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One OVH record: one address of a name, with its id. */
    private record OvhRecord(long id, String fieldType, InetAddress target, long ttl) {
    }

    private final OvhApiClient api;
    /**
     * Records were changed but the zone not yet refreshed. True at start: a predecessor may have changed the records
     * and stopped before its refresh, and nothing in the API tells, so the first attempt refreshes once.
     */
    private volatile boolean refreshPending = true;

    public OvhProvider(OvhApiClient api) {
        this.api = api;
    }

    @Override
    public String id() {
        return "ovh";
    }

    @Override
    public RecordSet read(DnsName name) throws IOException {
        Set<InetAddress> addresses = new HashSet<>();
        Set<Long> ttls = new HashSet<>();
        for (String type : List.of("A", "AAAA")) {
            for (OvhRecord record : records(name, type)) {
                addresses.add(record.target());
                ttls.add(record.ttl());
            }
        }
        // Several TTLs (or OVH's 0 = "zone default") cannot equal the desired one: the set is then rewritten.
        return new RecordSet(addresses, ttls.size() == 1 ? OptionalLong.of(ttls.iterator().next()) : OptionalLong.empty());
    }

    @Override
    public void apply(DnsName name, RecordSet desired) throws IOException {
        writeAddresses(name, desired);
        refresh(name);
    }

    /**
     * The epoch TXT {@code _tripswitch-epoch.<name>} (target {@code "7"}). OVH is read, then written, record by record:
     * nothing conditions a write on the value read, so another writer between the two goes unnoticed (read-check-write,
     * docs/decisions/0014); only one actuator at a time owns the name, which keeps that window closed except around a
     * takeover.
     */
    @Override
    public OptionalLong readEpoch(DnsName name) throws IOException {
        Optional<long[]> record = epochRecord(name);
        return record.isEmpty() ? OptionalLong.empty() : OptionalLong.of(record.get()[1]);
    }

    /** The address records when they differ, then the epoch TXT (rewritten in place or created), then one zone refresh. */
    @Override
    public void apply(DnsName name, RecordSet desired, EpochStamp stamp) throws IOException {
        if (!read(name).sameAs(desired)) {
            writeAddresses(name, desired);
        }
        Optional<long[]> current = epochRecord(name);
        ObjectNode body = NODES.objectNode().put("subDomain", epochSubDomain(name)).put("target", "\"" + EpochStamp.text(stamp.next()) + "\"")
                .put("ttl", desired.ttlSeconds().orElseThrow());
        if (current.isPresent()) {
            api.put(recordPath(name, current.get()[0]), body);
        } else {
            api.post(zonePath(name) + "/record", body.put("fieldType", "TXT"));
        }
        refreshPending = true;
        refresh(name);
    }

    @Override
    public boolean recordsEpoch() {
        return true;
    }

    /** The epoch TXT record of {@code name} as {id, epoch}, or empty when there is none. */
    private Optional<long[]> epochRecord(DnsName name) throws IOException {
        String subDomain = epochSubDomain(name);
        JsonNode ids = api.get(zonePath(name) + "/record?fieldType=TXT&subDomain=" + encode(subDomain));
        if (!ids.isArray()) {
            throw new DnsServerException("OVH listed TXT records of " + EpochStamp.ownerOf(name) + " as something other than an array of ids");
        }
        List<long[]> found = new ArrayList<>();
        for (JsonNode id : ids) {
            JsonNode record = api.get(recordPath(name, id.asLong()));
            if ("TXT".equals(record.path("fieldType").asText()) && subDomain.equalsIgnoreCase(record.path("subDomain").asText())) {
                try {
                    found.add(new long[] {id.asLong(), EpochStamp.parse(record.path("target").asText().replace("\"", ""))});
                } catch (IllegalArgumentException e) {
                    throw new DnsServerException(EpochStamp.ownerOf(name) + " at " + describe() + ": " + e.getMessage());
                }
            }
        }
        if (found.size() > 1) {
            throw new DnsServerException(EpochStamp.ownerOf(name) + " at " + describe() + " holds " + found.size() + " TXT records, Tripswitch writes one");
        }
        return found.stream().findFirst();
    }

    private static String epochSubDomain(DnsName name) {
        return name.isApex() ? EpochStamp.LABEL : EpochStamp.LABEL + "." + name.subDomain();
    }

    private void writeAddresses(DnsName name, RecordSet desired) throws IOException {
        long ttl = desired.ttlSeconds().orElseThrow();
        for (String type : List.of("A", "AAAA")) {
            List<InetAddress> wanted = new ArrayList<>(desired.addresses().stream()
                    .filter(address -> type.equals(typeOf(address))).sorted((a, b) -> a.getHostAddress().compareTo(b.getHostAddress())).toList());
            List<OvhRecord> stale = new ArrayList<>();
            for (OvhRecord record : records(name, type)) {
                if (record.ttl() == ttl && wanted.remove(record.target())) {
                    continue; // already right: left alone
                }
                stale.add(record);
            }
            // First the records that hold a wanted address with the wrong TTL, then any stale one, are rewritten in place.
            for (Iterator<InetAddress> it = wanted.iterator(); it.hasNext(); ) {
                InetAddress address = it.next();
                Optional<OvhRecord> holder = stale.stream().filter(record -> record.target().equals(address)).findFirst();
                if (holder.isPresent()) {
                    update(name, holder.get(), address, ttl);
                    stale.remove(holder.get());
                    it.remove();
                }
            }
            for (InetAddress address : wanted) {
                if (stale.isEmpty()) {
                    create(name, type, address, ttl);
                } else {
                    update(name, stale.remove(0), address, ttl);
                }
            }
            for (OvhRecord extra : stale) {
                api.delete(recordPath(name, extra.id()));
                refreshPending = true;
            }
        }
    }

    @Override
    public Optional<String> settle(DnsName name) throws IOException {
        if (!refreshPending) {
            return Optional.empty();
        }
        refresh(name);
        return Optional.of("zone " + name.zoneWithoutDot() + " refreshed");
    }

    @Override
    public Optional<String> unsettled(DnsName name) {
        return refreshPending
                ? Optional.of("zone " + name.zoneWithoutDot() + " not refreshed since its records last changed (or since this actuator started)")
                : Optional.empty();
    }

    @Override
    public String describe() {
        return "OVH API " + api.endpoint();
    }

    private void update(DnsName name, OvhRecord record, InetAddress address, long ttl) throws IOException {
        ObjectNode body = NODES.objectNode().put("subDomain", name.subDomain()).put("target", address.getHostAddress()).put("ttl", ttl);
        api.put(recordPath(name, record.id()), body);
        refreshPending = true;
    }

    private void create(DnsName name, String type, InetAddress address, long ttl) throws IOException {
        ObjectNode body = NODES.objectNode().put("fieldType", type).put("subDomain", name.subDomain())
                .put("target", address.getHostAddress()).put("ttl", ttl);
        api.post(zonePath(name) + "/record", body);
        refreshPending = true;
    }

    private void refresh(DnsName name) throws IOException {
        if (refreshPending) {
            api.post(zonePath(name) + "/refresh", null);
            refreshPending = false;
        }
    }

    /** The records of {@code type} at {@code name}: the ids by filter, then each record. */
    private List<OvhRecord> records(DnsName name, String type) throws IOException {
        JsonNode ids = api.get(zonePath(name) + "/record?fieldType=" + type + "&subDomain=" + encode(name.subDomain()));
        if (!ids.isArray()) {
            throw new DnsServerException("OVH listed " + type + " records of " + name.fqdn() + " as something other than an array of ids");
        }
        List<OvhRecord> records = new ArrayList<>();
        for (JsonNode id : ids) {
            JsonNode record = api.get(recordPath(name, id.asLong()));
            // The filter is the API's; checked again so an apex query that returns every name cannot mislead.
            if (type.equals(record.path("fieldType").asText()) && name.subDomain().equalsIgnoreCase(record.path("subDomain").asText())) {
                records.add(new OvhRecord(id.asLong(), type, parse(record.path("target").asText(), name), record.path("ttl").asLong(0)));
            }
        }
        return records;
    }

    private static String zonePath(DnsName name) {
        return "/domain/zone/" + encode(name.zoneWithoutDot());
    }

    private static String recordPath(DnsName name, long id) {
        return zonePath(name) + "/record/" + id;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String typeOf(InetAddress address) {
        return address instanceof Inet6Address ? "AAAA" : "A";
    }

    private static InetAddress parse(String target, DnsName name) throws DnsServerException {
        try {
            return Address.getByAddress(target);
        } catch (UnknownHostException e) {
            throw new DnsServerException(name.fqdn() + " has a record whose target is not an address: '" + target + "'");
        }
    }
}
