package io.tripswitch.probe.check;

import io.smallrye.mutiny.Uni;
import java.net.PortUnreachableException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * DNS check: asks the configured resolver for the A and AAAA records of a group's public name (both at once) and
 * is UP when the addresses answered are exactly those of the group's active region, as last published on
 * {@code tripswitch.group-state}. While the group's state is unknown it is UP when the answer is exactly one of
 * the group's regions' addresses (anything else is wrong whichever region is active). DOWN otherwise, with the
 * rcode, {@code no address}, or what was expected and what was seen as detail. Non-blocking (dnsjava's async resolver).
 */
public final class DnsCheck implements Check {

    private final ActiveRegions activeRegions;

    /** A check that never learns the active region (every group's state stays unknown). */
    public DnsCheck() {
        this(new ActiveRegions());
    }

    public DnsCheck(ActiveRegions activeRegions) {
        this.activeRegions = activeRegions;
    }

    @Override
    public CheckKind kind() {
        return CheckKind.DNS;
    }

    @Override
    public Uni<CheckOutcome> run(CheckTarget target) {
        DnsQuery query = target.dns().orElseThrow();
        long timeoutMs = target.timeout().toMillis();
        return Uni.createFrom().deferred(() -> {
            long startNanos = System.nanoTime();
            SimpleResolver resolver = new SimpleResolver(query.resolver());
            resolver.setTimeout(target.timeout());
            Uni<Message> a = Uni.createFrom().completionStage(() -> resolver.sendAsync(question(query.name(), Type.A)));
            Uni<Message> aaaa = Uni.createFrom().completionStage(() -> resolver.sendAsync(question(query.name(), Type.AAAA)));
            return Uni.combine().all().unis(a, aaaa).asTuple()
                    .ifNoItem().after(target.timeout()).fail()
                    .map(answers -> judge(query, activeRegions.of(query.group()), answers.getItem1(), answers.getItem2(),
                            elapsedMs(startNanos)))
                    .onFailure().recoverWithItem(failure -> CheckOutcome.down(elapsedMs(startNanos), describe(failure, query, timeoutMs)));
        });
    }

    private static String describe(Throwable failure, DnsQuery query, long timeoutMs) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PortUnreachableException) {
                // The resolver's host said nothing listens there (ICMP), sooner than the timeout.
                return "resolver " + query.resolver().getHostString() + ":" + query.resolver().getPort() + " unreachable";
            }
        }
        return HttpCheck.describe(failure, timeoutMs);
    }

    private static Message question(String name, int type) {
        try {
            return Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN));
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        }
    }

    /** The verdict on the A and AAAA answers, given the group's active region if known. */
    static CheckOutcome judge(DnsQuery query, Optional<String> activeRegion, Message a, Message aaaa, int latencyMs) {
        for (Message answer : new Message[] {a, aaaa}) {
            if (answer.getRcode() != Rcode.NOERROR) {
                return CheckOutcome.down(latencyMs, Rcode.string(answer.getRcode()));
            }
        }
        TreeSet<String> seen = new TreeSet<>();
        for (Message answer : new Message[] {a, aaaa}) {
            for (Record record : answer.getSection(Section.ANSWER)) {
                if (record instanceof ARecord address) {
                    seen.add(IpAddresses.canonical(address.getAddress()));
                } else if (record instanceof AAAARecord address) {
                    seen.add(IpAddresses.canonical(address.getAddress()));
                }
            }
        }
        return activeRegion.map(region -> judgeAgainstActive(query, region, seen, latencyMs))
                .orElseGet(() -> judgeWithoutActive(query, seen, latencyMs));
    }

    private static CheckOutcome judgeAgainstActive(DnsQuery query, String region, TreeSet<String> seen, int latencyMs) {
        Set<String> expected = query.addressesByRegion().get(region);
        if (expected == null) {
            return CheckOutcome.down(latencyMs, "active region " + region + " of group " + query.group() + " has no configured address"
                    + (seen.isEmpty() ? "; no address" : "; answer " + list(seen)));
        }
        String expectation = "expected active region " + region + "'s " + list(expected);
        if (seen.isEmpty()) {
            return CheckOutcome.down(latencyMs, "no address (" + expectation + ")");
        }
        if (seen.equals(new TreeSet<>(expected))) {
            return CheckOutcome.up(latencyMs, list(seen) + " (active region " + region + ")");
        }
        return CheckOutcome.down(latencyMs, "answer " + list(seen) + owner(query, seen).map(owner -> " (" + owner + "'s)").orElse("")
                + "; " + expectation);
    }

    private static CheckOutcome judgeWithoutActive(DnsQuery query, TreeSet<String> seen, int latencyMs) {
        if (seen.isEmpty()) {
            return CheckOutcome.down(latencyMs, "no address (active region unknown)");
        }
        Optional<String> owner = owner(query, seen);
        if (owner.isPresent()) {
            return CheckOutcome.up(latencyMs, list(seen) + " (" + owner.get() + "'s; active region unknown)");
        }
        StringBuilder known = new StringBuilder();
        new TreeMap<>(query.addressesByRegion()).forEach((region, addresses) ->
                known.append(known.length() == 0 ? "" : "; ").append(region).append(": ").append(list(addresses)));
        return CheckOutcome.down(latencyMs, "answer " + list(seen) + " is no region's addresses of group " + query.group() + " ("
                + known + "); active region unknown");
    }

    /** The region whose addresses are exactly {@code seen}, if any. */
    private static Optional<String> owner(DnsQuery query, Set<String> seen) {
        return query.addressesByRegion().entrySet().stream()
                .filter(entry -> entry.getValue().equals(seen))
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst();
    }

    private static String list(Set<String> addresses) {
        return String.join(", ", new TreeSet<>(addresses));
    }

    private static int elapsedMs(long startNanos) {
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, elapsed));
    }
}
