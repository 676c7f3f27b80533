package io.tripswitch.decision.api;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Gives the service under test a free HTTP port it also advertises as its {@code application.server}, so another
 * instance can fetch keys from it; no standby replicas, so every key lives on exactly one of the two instances.
 */
public class ReadApiPortResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            return Map.of("quarkus.http.test-port", String.valueOf(port),
                    "kafka-streams.application.server", "localhost:" + port,
                    "kafka-streams.num.standby.replicas", "0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
