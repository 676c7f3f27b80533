package io.tripswitch.actuator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real Knot DNS server on 127.0.0.1 and a free port, serving zone {@code example.test.} with
 * {@code app} A {@code initialAddress}, accepting RFC 2136 updates signed with an hmac-sha256 TSIG key.
 */
public final class KnotServer implements AuthoritativeDnsServer {

    private volatile ChildProcess process;
    private final int port;
    private final String secret;
    private final Path dir;
    private final Path conf;

    private KnotServer(ChildProcess process, int port, String secret, Path dir, Path conf) {
        this.process = process;
        this.port = port;
        this.secret = secret;
        this.dir = dir;
        this.conf = conf;
    }

    public static KnotServer start(Path dir, String initialAddress) {
        try {
            Files.createDirectories(dir);
            int port = FreePorts.pick();
            byte[] key = new byte[32];
            ThreadLocalRandom.current().nextBytes(key);
            String secret = Base64.getEncoder().encodeToString(key);
            Files.writeString(dir.resolve(ZONE + "zone"), String.join("\n",
                    "$ORIGIN " + ZONE,
                    "$TTL 300",
                    "@ SOA ns." + ZONE + " hostmaster." + ZONE + " 1 3600 900 604800 300",
                    "@ NS ns." + ZONE,
                    "ns A 127.0.0.1",
                    "app 30 A " + initialAddress,
                    ""));
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
                    "key:",
                    "  - id: " + KEY_NAME,
                    "    algorithm: hmac-sha256",
                    "    secret: " + secret,
                    "acl:",
                    "  - id: update-with-key",
                    "    key: " + KEY_NAME,
                    "    action: update",
                    "template:",
                    "  - id: default",
                    "    storage: \"" + dir + "\"",
                    "    file: \"%s.zone\"",
                    "    zonefile-sync: -1",
                    "    journal-content: none",
                    "zone:",
                    "  - domain: " + ZONE,
                    "    acl: update-with-key",
                    ""));
            return new KnotServer(launch(dir, conf, port), port, secret, dir, conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ChildProcess launch(Path dir, Path conf, int port) {
        return ChildProcess.start(List.of("/usr/sbin/knotd", "-c", conf.toString()), dir.resolve("knotd-" + System.nanoTime() + ".log"),
                Duration.ofSeconds(30), () -> answersSoa(port));
    }

    /** Stops the server (the DNS outage of a fault test); {@link #start()} brings it back on the same port. */
    public void stop() {
        process.close();
    }

    /**
     * Starts the stopped server again from its zone file: dynamic updates are not kept (no zone-file sync, no
     * journal), so the record is back to its initial address, as after a restore.
     */
    public void start() {
        process = launch(dir, conf, port);
    }

    /** Points {@code name} (within the zone) at {@code address} with a TSIG-signed update, behind the actuator's back. */
    public void setAddress(String name, String address) {
        try {
            org.xbill.DNS.Update update = new org.xbill.DNS.Update(Name.fromString(ZONE));
            update.replace(Name.fromString(name), Type.A, 30, address);
            SimpleResolver resolver = resolver(port);
            resolver.setTSIGKey(new org.xbill.DNS.TSIG(org.xbill.DNS.TSIG.HMAC_SHA256, KEY_NAME, secret));
            Message response = resolver.send(update);
            if (response.getRcode() != Rcode.NOERROR) {
                throw new IllegalStateException("update refused: " + Rcode.string(response.getRcode()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int port() {
        return port;
    }

    public String server() {
        return "127.0.0.1:" + port;
    }

    /** The base64 TSIG secret the server accepts; handed to the code under test through a file, never logged. */
    @Override
    public String secret() {
        return secret;
    }

    @Override
    public List<String> ipv6AddressesOf(String name) {
        return DnsQueries.addresses(port, name, Type.AAAA);
    }

    /** The A addresses a real query for {@code name} gets now. */
    @Override
    public List<String> addressesOf(String name) {
        try {
            Message response = resolver(port).send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
            List<String> addresses = new ArrayList<>();
            for (Record record : response.getSection(Section.ANSWER)) {
                if (record instanceof ARecord a) {
                    addresses.add(a.getAddress().getHostAddress());
                }
            }
            return addresses;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean answersSoa(int port) {
        try {
            Message response = resolver(port).send(Message.newQuery(Record.newRecord(Name.fromString(ZONE), Type.SOA, DClass.IN)));
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

    @Override
    public String log() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
