package io.tripswitch.actuator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Plain DNS queries to a test server on 127.0.0.1: what a resolver would get. */
public final class DnsQueries {

    private DnsQueries() {
    }

    /** The addresses of the A ({@code Type.A}) or AAAA records a real query for {@code name} gets now. */
    public static List<String> addresses(int port, String name, int type) {
        try {
            Message response = resolver(port).send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
            List<String> addresses = new ArrayList<>();
            for (Record record : response.getSection(Section.ANSWER)) {
                if (record instanceof ARecord a) {
                    addresses.add(a.getAddress().getHostAddress());
                } else if (record instanceof AAAARecord aaaa) {
                    addresses.add(aaaa.getAddress().getHostAddress());
                }
            }
            return addresses;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server answers the zone's SOA: it is up and has loaded the zone. */
    public static boolean answersSoa(int port, String zone) {
        try {
            Message response = resolver(port).send(Message.newQuery(Record.newRecord(Name.fromString(zone), Type.SOA, DClass.IN)));
            return response.getRcode() == Rcode.NOERROR && !response.getSection(Section.ANSWER).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static SimpleResolver resolver(int port) {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver;
    }
}
