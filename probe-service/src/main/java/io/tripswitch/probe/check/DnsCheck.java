package io.tripswitch.probe.check;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
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
 * DNS check: asks the configured resolver for the A records of a group's public name and is UP when the
 * answer is non-empty and every address is one the group's records may point to; DOWN otherwise, with the
 * rcode, {@code no address} or the unexpected addresses as detail. Non-blocking (dnsjava's async resolver).
 */
public final class DnsCheck implements Check {

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
            return Uni.createFrom().completionStage(() -> resolver.sendAsync(question(query.name())))
                    .ifNoItem().after(target.timeout()).fail()
                    .map(answer -> judge(query, answer, elapsedMs(startNanos)))
                    .onFailure().recoverWithItem(failure -> CheckOutcome.down(elapsedMs(startNanos), HttpCheck.describe(failure, timeoutMs)));
        });
    }

    private static Message question(String name) {
        try {
            return Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), Type.A, DClass.IN));
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        }
    }

    static CheckOutcome judge(DnsQuery query, Message answer, int latencyMs) {
        if (answer.getRcode() != Rcode.NOERROR) {
            return CheckOutcome.down(latencyMs, Rcode.string(answer.getRcode()));
        }
        List<String> addresses = new ArrayList<>();
        for (Record record : answer.getSection(Section.ANSWER)) {
            if (record instanceof ARecord a) {
                addresses.add(a.getAddress().getHostAddress());
            }
        }
        if (addresses.isEmpty()) {
            return CheckOutcome.down(latencyMs, "no address");
        }
        TreeSet<String> unexpected = new TreeSet<>(addresses);
        unexpected.removeAll(query.expected());
        String answered = String.join(", ", new TreeSet<>(addresses));
        if (!unexpected.isEmpty()) {
            return CheckOutcome.down(latencyMs, "unexpected " + String.join(", ", unexpected) + " (answer " + answered
                    + "; expected any of " + String.join(", ", new TreeSet<>(query.expected())) + ")");
        }
        return CheckOutcome.up(latencyMs, answered);
    }

    private static int elapsedMs(long startNanos) {
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, elapsed));
    }
}
