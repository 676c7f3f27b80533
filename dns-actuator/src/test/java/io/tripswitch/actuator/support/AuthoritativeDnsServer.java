package io.tripswitch.actuator.support;

import java.util.List;

/**
 * A real authoritative DNS server started by a test (Knot, BIND): zone {@code example.test.}, RFC 2136
 * updates accepted when signed with the hmac-sha256 TSIG key {@code tripswitch}.
 */
public interface AuthoritativeDnsServer extends AutoCloseable {

    String ZONE = "example.test.";
    String KEY_NAME = "tripswitch";

    int port();

    /** The base64 TSIG secret the server accepts; never logged. */
    String secret();

    /** The A addresses a real query for {@code name} gets now. */
    List<String> addressesOf(String name);

    /** The AAAA addresses a real query for {@code name} gets now. */
    List<String> ipv6AddressesOf(String name);

    /** The server's own log, for failure messages. */
    String log();

    @Override
    void close();
}
