package io.tripswitch.probe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real Knot DNS server on 127.0.0.1 and a free port, serving zone {@code example.test.} with the given
 * A and AAAA records (IPv6 addresses become AAAA) of {@code app} and {@code app-empty} with a TXT record only.
 */
public final class KnotServer implements AutoCloseable {

    public static final String ZONE = "example.test.";

    private final ChildProcess process;
    private final int port;

    private KnotServer(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static KnotServer start(Path dir, List<String> appAddresses) {
        try {
            Files.createDirectories(dir);
            int port;
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
                port = socket.getLocalPort();
            }
            StringBuilder zone = new StringBuilder(String.join("\n",
                    "$ORIGIN " + ZONE,
                    "$TTL 300",
                    "@ SOA ns." + ZONE + " hostmaster." + ZONE + " 1 3600 900 604800 300",
                    "@ NS ns." + ZONE,
                    "ns A 127.0.0.1",
                    "app-empty TXT \"no address here\"",
                    ""));
            appAddresses.forEach(address -> zone.append(address.contains(":") ? "app 30 AAAA " : "app 30 A ").append(address).append('\n'));
            Files.writeString(dir.resolve(ZONE + "zone"), zone.toString());
            Path conf = dir.resolve("knot.conf");
            Files.writeString(conf, String.join("\n",
                    "server:",
                    "    rundir: \"" + dir + "\"",
                    "    listen: 127.0.0.1@" + port,
                    "log:",
                    "  - target: stderr",
                    "    any: info",
                    "database:",
                    "    storage: \"" + dir.resolve("db") + "\"",
                    "control:",
                    "    listen: \"" + dir.resolve("knot.sock") + "\"",
                    "template:",
                    "  - id: default",
                    "    storage: \"" + dir + "\"",
                    "    file: \"%s.zone\"",
                    "    zonefile-sync: -1",
                    "    journal-content: none",
                    "zone:",
                    "  - domain: " + ZONE,
                    ""));
            ChildProcess process = ChildProcess.start(List.of("/usr/sbin/knotd", "-c", conf.toString()), dir.resolve("knotd.log"),
                    Duration.ofSeconds(30), () -> answersSoa(port));
            return new KnotServer(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String resolver() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private static boolean answersSoa(int port) {
        try {
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            resolver.setTimeout(Duration.ofSeconds(2));
            Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(ZONE), Type.SOA, DClass.IN)));
            return response.getRcode() == Rcode.NOERROR && !response.getSection(Section.ANSWER).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
