package io.tripswitch.actuator.dns;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Reads and replaces a name's A/AAAA record set on one authoritative server: plain queries over UDP to read (a truncated
 * answer is asked again over TCP), RFC 2136 dynamic updates over TCP, signed with TSIG when a key is given, to write.
 * Every exchange runs on a blocking socket in the calling thread, bounded by the timeout: dnsjava builds, signs and
 * parses the messages, but its resolver's hand-offs between threads (selector, common pool, caller) cost milliseconds
 * each on a busy host, on the failover's path. Every answer's rcode is checked.
 */
public final class Rfc2136Client {

    /** Without EDNS a server truncates UDP answers to 512 bytes; a larger buffer only tolerates one that does not. */
    private static final int UDP_BUFFER = 65_535;

    private final InetSocketAddress server;
    private final Optional<TSIG> tsig;
    private final Duration timeout;

    public Rfc2136Client(InetSocketAddress server, Optional<TSIG> tsig, Duration timeout) {
        this.server = server;
        this.tsig = tsig;
        this.timeout = timeout;
    }

    /** The A and AAAA records {@code name} has now on the server (empty when it has none); both asked at once. */
    public RecordSet read(Name name) throws IOException {
        Message[] answers = askOverUdp(query(name, Type.A), query(name, Type.AAAA));
        Set<InetAddress> addresses = new HashSet<>();
        OptionalLong ttl = OptionalLong.empty();
        for (Message response : answers) {
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
        tsig.ifPresent(key -> key.apply(update, null));
        String what = "update of " + name;
        requireAccepted(askOverTcp(update, deadline(), what), what);
    }

    /** The strings of {@code name}'s TXT records (each record's strings joined), empty when it has none. */
    public List<String> readTexts(Name name) throws IOException {
        Message response = askOverUdp(query(name, Type.TXT))[0];
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new DnsServerException("query " + name + " TXT to " + describe() + " answered " + Rcode.string(rcode));
        }
        List<String> texts = new java.util.ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof TXTRecord txt && txt.getName().equals(name)) {
                texts.add(String.join("", txt.getStrings()));
            }
        }
        return texts;
    }

    /**
     * Like {@link #replace(Name, Name, List, long)}, and sets {@code epochName}'s TXT to {@code stamp.next()} in the
     * same message, under a prerequisite (RFC 2136 section 2.4) that the TXT set is exactly {@code stamp.previous()}
     * (value-dependent "RRset exists") or absent ("RRset does not exist"): the server applies all of it or nothing.
     * A failed prerequisite (NXRRSET, YXRRSET) throws {@link EpochConflictException}.
     */
    public void replace(Name zone, Name name, List<InetAddress> addresses, long ttlSeconds, Name epochName, EpochStamp stamp)
            throws IOException {
        Update update = new Update(zone);
        if (stamp.previous().isPresent()) {
            update.present(new TXTRecord(epochName, DClass.IN, 0, EpochStamp.text(stamp.previous().getAsLong())));
        } else {
            update.absent(epochName, Type.TXT);
        }
        update.delete(name, Type.A);
        update.delete(name, Type.AAAA);
        for (InetAddress address : addresses) {
            update.add(address instanceof Inet6Address
                    ? new AAAARecord(name, DClass.IN, ttlSeconds, address)
                    : new ARecord(name, DClass.IN, ttlSeconds, address));
        }
        update.delete(epochName, Type.TXT);
        update.add(new TXTRecord(epochName, DClass.IN, ttlSeconds, EpochStamp.text(stamp.next())));
        tsig.ifPresent(key -> key.apply(update, null));
        String what = "update of " + name + " (epoch " + stamp.next() + ")";
        Message response = askOverTcp(update, deadline(), what);
        int rcode = response.getRcode();
        if (tsig.isPresent() && !response.isVerified()) {
            throw new DnsServerException(what + " at " + describe() + " answered " + Rcode.string(rcode)
                    + (rcode == Rcode.NOTAUTH ? " (TSIG key or secret not accepted)" : ": the answer's TSIG signature did not verify"));
        }
        if (rcode == Rcode.NXRRSET || rcode == Rcode.YXRRSET) {
            throw new EpochConflictException(what + " at " + describe() + " answered " + Rcode.string(rcode) + ": " + epochName
                    + " no longer " + (stamp.previous().isPresent() ? "holds epoch " + stamp.previous().getAsLong() : "absent")
                    + ", another actuator changed it");
        }
        requireAccepted(response, what);
    }

    /**
     * Asks {@code zone}'s SOA over TCP, signed when a key is given: the exchange an update makes, changing nothing. It
     * fails as an update would if the server does not serve the zone or refuses the key.
     */
    public void probe(Name zone) throws IOException {
        Message query = query(zone, Type.SOA);
        tsig.ifPresent(key -> key.apply(query, null));
        String what = "query " + zone + " SOA";
        requireAccepted(askOverTcp(query, deadline(), what), what);
    }

    /** Throws unless the server answered NOERROR and, when signing, signed its answer with the key. */
    private void requireAccepted(Message response, String what) throws DnsServerException {
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR) {
            throw new DnsServerException(what + " at " + describe() + " answered " + Rcode.string(rcode)
                    + (tsig.isPresent() && rcode == Rcode.NOTAUTH ? " (TSIG key or secret not accepted)" : ""));
        }
        if (tsig.isPresent() && !response.isVerified()) {
            throw new DnsServerException(what + " at " + describe() + ": the answer's TSIG signature did not verify");
        }
    }

    /** {@code host:port (TSIG)} for messages; never the key itself. */
    public String describe() {
        return server.getHostString() + ":" + server.getPort() + (tsig.isPresent() ? " (TSIG)" : "");
    }

    private static Message query(Name name, int type) {
        return Message.newQuery(Record.newRecord(name, type, DClass.IN));
    }

    /** Sends every query on one UDP socket, then takes their answers in whatever order they come. */
    private Message[] askOverUdp(Message... queries) throws IOException {
        long deadline = deadline();
        String what = "query " + queries[0].getQuestion().getName();
        Message[] answers = new Message[queries.length];
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(server);
            for (Message query : queries) {
                byte[] wire = query.toWire();
                socket.send(new DatagramPacket(wire, wire.length));
            }
            byte[] buffer = new byte[UDP_BUFFER];
            for (int missing = queries.length; missing > 0; ) {
                socket.setSoTimeout(remainingMillis(deadline, what));
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] wire = Arrays.copyOf(buffer, packet.getLength());
                int index = indexOf(queries, wire);
                if (index < 0 || answers[index] != null) {
                    continue; // not an answer to these queries (a stray or duplicated datagram)
                }
                Message answer = parse(queries[index], wire, what);
                answers[index] = answer.getHeader().getFlag(Flags.TC) ? askOverTcp(queries[index], deadline, what) : answer;
                missing--;
            }
        } catch (SocketTimeoutException e) {
            throw new IOException(what + ": no answer from " + describe() + " within " + timeout.toMillis() + " ms", e);
        } catch (PortUnreachableException e) {
            throw new IOException(what + ": " + describe() + " is not listening (port unreachable)", e);
        }
        return answers;
    }

    /** One message and its answer on a new TCP connection (two-byte length prefix, RFC 1035 4.2.2). */
    private Message askOverTcp(Message query, long deadline, String what) throws IOException {
        byte[] wire = query.toWire();
        byte[] framed = new byte[wire.length + 2];
        framed[0] = (byte) (wire.length >>> 8);
        framed[1] = (byte) wire.length;
        System.arraycopy(wire, 0, framed, 2, wire.length);
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(server, remainingMillis(deadline, what));
            socket.setSoTimeout(remainingMillis(deadline, what));
            socket.getOutputStream().write(framed);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            if (indexOf(new Message[] {query}, answer) < 0) {
                throw new IOException(what + ": " + describe() + " answered with another message id");
            }
            return parse(query, answer, what);
        } catch (SocketTimeoutException e) {
            throw new IOException(what + ": no answer from " + describe() + " within " + timeout.toMillis() + " ms", e);
        } catch (ConnectException e) {
            throw new IOException(what + ": " + describe() + " refused the connection", e);
        }
    }

    /** Parses {@code wire} as the answer to {@code query}: same question, and the TSIG signature verified if signed. */
    private Message parse(Message query, byte[] wire, String what) throws IOException {
        Message answer = new Message(wire);
        Record asked = query.getQuestion();
        Record answered = answer.getQuestion();
        if (answered == null || !asked.getName().equals(answered.getName()) || asked.getType() != answered.getType()
                || asked.getDClass() != answered.getDClass()) {
            throw new IOException(what + ": " + describe() + " answered another question (" + answered + ")");
        }
        if (query.getTSIG() != null) {
            tsig.orElseThrow().verify(answer, wire, query.getTSIG()); // sets the answer's verified state
        }
        return answer;
    }

    /** Which query {@code wire} answers, by its message id; -1 for none. */
    private static int indexOf(Message[] queries, byte[] wire) {
        if (wire.length < 2) {
            return -1;
        }
        int id = (wire[0] & 0xFF) << 8 | wire[1] & 0xFF;
        for (int i = 0; i < queries.length; i++) {
            if (queries[i].getHeader().getID() == id) {
                return i;
            }
        }
        return -1;
    }

    private long deadline() {
        return System.nanoTime() + timeout.toNanos();
    }

    private int remainingMillis(long deadline, String what) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException(what + ": out of time");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }
}
