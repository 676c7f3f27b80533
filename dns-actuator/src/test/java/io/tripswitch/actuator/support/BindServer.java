package io.tripswitch.actuator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.Type;

/**
 * A real BIND 9 server ({@code named -g}, a child of the test JVM) on 127.0.0.1 and a free port, serving
 * zone {@code example.test.} with {@code app} A {@code initialAddress} and accepting RFC 2136 updates
 * signed with an hmac-sha256 TSIG key ({@code allow-update { key tripswitch; }}). Everything (config, zone,
 * journal, keys) lives in {@code dir}. No {@code -u}: started by root, named keeps running as root, which
 * needs no user that can read {@code dir}; started by anyone else it runs as that user.
 */
public final class BindServer implements AuthoritativeDnsServer {

    private final ChildProcess process;
    private final int port;
    private final String secret;

    private BindServer(ChildProcess process, int port, String secret) {
        this.process = process;
        this.port = port;
        this.secret = secret;
    }

    public static BindServer start(Path dir, String initialAddress) {
        try {
            Files.createDirectories(dir);
            int port = FreePorts.pick();
            byte[] key = new byte[32];
            ThreadLocalRandom.current().nextBytes(key);
            String secret = Base64.getEncoder().encodeToString(key);
            Path zone = dir.resolve(ZONE + "zone");
            Files.writeString(zone, String.join("\n",
                    "$ORIGIN " + ZONE,
                    "$TTL 300",
                    "@ SOA ns." + ZONE + " hostmaster." + ZONE + " 1 3600 900 604800 300",
                    "@ NS ns." + ZONE,
                    "ns A 127.0.0.1",
                    "app 30 A " + initialAddress,
                    ""));
            Path conf = dir.resolve("named.conf");
            Files.writeString(conf, String.join("\n",
                    "options {",
                    "    directory \"" + dir + "\";",
                    "    pid-file \"" + dir.resolve("named.pid") + "\";",
                    "    session-keyfile \"" + dir.resolve("session.key") + "\";",
                    "    listen-on port " + port + " { 127.0.0.1; };",
                    "    listen-on-v6 { none; };",
                    "    recursion no;",
                    "    dnssec-validation no;",
                    "};",
                    // No rndc control channel: the default one would take port 953 for every server started.
                    "controls { };",
                    "key \"" + KEY_NAME + "\" {",
                    "    algorithm hmac-sha256;",
                    "    secret \"" + secret + "\";",
                    "};",
                    "zone \"" + ZONE + "\" {",
                    "    type primary;",
                    "    file \"" + zone + "\";",
                    "    allow-update { key \"" + KEY_NAME + "\"; };",
                    "};",
                    ""));
            ChildProcess process = ChildProcess.start(List.of("/usr/sbin/named", "-g", "-c", conf.toString()), dir.resolve("named.log"),
                    Duration.ofSeconds(30), () -> DnsQueries.answersSoa(port, ZONE));
            return new BindServer(process, port, secret);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String secret() {
        return secret;
    }

    @Override
    public List<String> addressesOf(String name) {
        return DnsQueries.addresses(port, name, Type.A);
    }

    @Override
    public List<String> ipv6AddressesOf(String name) {
        return DnsQueries.addresses(port, name, Type.AAAA);
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
