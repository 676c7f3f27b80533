package io.tripswitch.probe.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tripswitch.fixtures.KnotServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts a real Knot server before Quarkus starts, its {@code app.example.test.} answering rbx's addresses
 * (127.0.0.12 and 127.0.0.13), and gives its port to the test {@code tripswitch.yaml} as {@code probe-test.knot-port}.
 */
public class KnotServerResource implements QuarkusTestResourceLifecycleManager {

    private Path dir;
    private KnotServer knot;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("probe-knot-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        knot = KnotServer.start(dir, List.of("127.0.0.12", "127.0.0.13"));
        return Map.of("probe-test.knot-port", Integer.toString(knot.port()));
    }

    @Override
    public void stop() {
        if (knot != null) {
            knot.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // a temp dir left behind is no test failure
            }
        }
    }
}
