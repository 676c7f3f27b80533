package io.tripswitch.actuatorbench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
 * A real Knot on 127.0.0.1 serving {@code example.test.} with {@code app} A {@code initialAddress}, accepting RFC 2136
 * updates signed with a fresh hmac-sha256 key whose secret is only in a 0600 file.
 */
final class Knot implements AutoCloseable {

    static final String ZONE = "example.test.";
    static final String KEY_NAME = "tripswitch";

    private final ChildProcess process;
    private final int port;
    private final Path secretFile;
    private final SimpleResolver resolver;
    private final Name app;

    private Knot(ChildProcess process, int port, Path secretFile) throws IOException {
        this.process = process;
        this.port = port;
        this.secretFile = secretFile;
        this.resolver = resolver(port);
        this.app = Name.fromString("app." + ZONE);
    }

    static Knot start(Path dir, String initialAddress) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = FreePorts.pick();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = Base64.getEncoder().encodeToString(key);
        Path secretFile = dir.resolve("tsig.secret");
        Files.writeString(secretFile, secret + "\n");
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
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
                "    any: notice",
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
        SimpleResolver probe = resolver(port);
        ChildProcess process = ChildProcess.start(List.of("/usr/sbin/knotd", "-c", conf.toString()), Map.of(), dir.resolve("knotd.log"),
                60_000, () -> answersSoa(probe));
        return new Knot(process, port, secretFile);
    }

    String server() {
        return "127.0.0.1:" + port;
    }

    Path secretFile() {
        return secretFile;
    }

    /** The first A address a real UDP query for app.example.test. gets now, or "" when there is none. */
    String appAddress() throws IOException {
        Message response = resolver.send(Message.newQuery(Record.newRecord(app, Type.A, DClass.IN)));
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof ARecord a) {
                return a.getAddress().getHostAddress();
            }
        }
        return "";
    }

    private static boolean answersSoa(SimpleResolver resolver) {
        try {
            Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(ZONE), Type.SOA, DClass.IN)));
            return response.getRcode() == Rcode.NOERROR && !response.getSection(Section.ANSWER).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static SimpleResolver resolver(int port) {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        resolver.setTimeout(Duration.ofSeconds(1));
        return resolver;
    }

    @Override
    public void close() {
        process.close();
    }
}
