package io.tripswitch.actuator.dns;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Reads and replaces a name's A/AAAA record set on one authoritative server: plain queries to read,
 * RFC 2136 dynamic updates over TCP, signed with TSIG when a key is given, to write. Every answer's
 * rcode is checked: dnsjava's {@code send} returns REFUSED or NOTAUTH answers instead of throwing.
 */
public final class Rfc2136Client {

    private final InetSocketAddress server;
    private final SimpleResolver reader;
    private final SimpleResolver updater;
    private final boolean signed;

    public Rfc2136Client(InetSocketAddress server, Optional<TSIG> tsig, Duration timeout) {
        this.server = server;
        this.reader = resolver(server, Optional.empty(), timeout);
        this.updater = resolver(server, tsig, timeout);
        this.signed = tsig.isPresent();
    }

    private static SimpleResolver resolver(InetSocketAddress server, Optional<TSIG> tsig, Duration timeout) {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTCP(true);
        resolver.setTimeout(timeout);
        tsig.ifPresent(resolver::setTSIGKey);
        return resolver;
    }

    /** The A and AAAA records {@code name} has now on the server (empty when it has none); both asked at once. */
    public RecordSet read(Name name) throws IOException {
        CompletableFuture<Message> a = reader.sendAsync(Message.newQuery(Record.newRecord(name, Type.A, DClass.IN))).toCompletableFuture();
        CompletableFuture<Message> aaaa = reader.sendAsync(Message.newQuery(Record.newRecord(name, Type.AAAA, DClass.IN))).toCompletableFuture();
        Set<InetAddress> addresses = new HashSet<>();
        OptionalLong ttl = OptionalLong.empty();
        for (Message response : new Message[] {await(a, name), await(aaaa, name)}) {
            int rcode = response.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                continue;
            }
            if (rcode != Rcode.NOERROR) {
                throw new DnsServerException("query " + name + " to " + describe() + " answered " + Rcode.string(rcode));
            }
            for (Record record : response.getSection(Section.ANSWER)) {
                if (record instanceof ARecord r && r.getName().equals(name)) {
                    addresses.add(r.getAddress());
                    ttl = OptionalLong.of(r.getTTL());
                } else if (record instanceof AAAARecord r && r.getName().equals(name)) {
                    addresses.add(r.getAddress());
                    ttl = OptionalLong.of(r.getTTL());
                }
            }
        }
        return new RecordSet(addresses, ttl);
    }

    private Message await(CompletableFuture<Message> answer, Name name) throws IOException {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + name);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io
                    : new IOException("query " + name + " to " + describe() + ": " + cause.getMessage(), cause);
        }
    }

    /**
     * Replaces both the A and the AAAA record sets of {@code name} in {@code zone} with {@code addresses},
     * in one update message, so the server applies it atomically.
     */
    public void replace(Name zone, Name name, List<InetAddress> addresses, long ttlSeconds) throws IOException {
        Update update = new Update(zone);
        update.delete(name, Type.A);
        update.delete(name, Type.AAAA);
        for (InetAddress address : addresses) {
            update.add(address instanceof Inet6Address
                    ? new AAAARecord(name, DClass.IN, ttlSeconds, address)
                    : new ARecord(name, DClass.IN, ttlSeconds, address));
        }
        Message response = updater.send(update);
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR) {
            throw new DnsServerException("update of " + name + " at " + describe() + " answered " + Rcode.string(rcode)
                    + (signed && rcode == Rcode.NOTAUTH ? " (TSIG key or secret not accepted)" : ""));
        }
        if (signed && !response.isVerified()) {
            throw new DnsServerException("update of " + name + " at " + describe() + ": the answer's TSIG signature did not verify");
        }
    }

    /** {@code host:port (TSIG)} for messages; never the key itself. */
    public String describe() {
        return server.getHostString() + ":" + server.getPort() + (signed ? " (TSIG)" : "");
    }
}
