package io.tripswitch.actuator.dns;

import io.tripswitch.fixtures.AuthoritativeDnsServer;
import io.tripswitch.fixtures.BindServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** RFC 2136 updates with TSIG against a real BIND 9 server ({@code named -g} on 127.0.0.1, a free port). */
class Rfc2136OnBindTest extends Rfc2136ProviderContract {

    @TempDir
    static Path dir;

    private static BindServer server;

    @BeforeAll
    static void startServer() {
        server = BindServer.start(dir.resolve("bind"), "127.0.10.1");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    AuthoritativeDnsServer server() {
        return server;
    }
}
