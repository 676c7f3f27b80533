package io.tripswitch.actuator.support;

import io.tripswitch.fixtures.HaproxyServer;
import io.tripswitch.fixtures.KnotServer;
import io.tripswitch.fixtures.RegionHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One actuator lab: a real Knot (zone example.test., app A 127.0.10.1), two region HTTP servers and a real
 * HAProxy routing group {@code app} through a map file, and the tripswitch.yaml that points an actuator at
 * them (TSIG secret in Knot's 0600 file). Everything is stopped and deleted on close.
 */
public final class LabServers implements AutoCloseable {

    private final Path dir;
    private KnotServer knot;
    private RegionHttpServer gra;
    private RegionHttpServer rbx;
    private HaproxyServer haproxy;
    private Path config;

    private LabServers(Path dir) {
        this.dir = dir;
    }

    /** Starts the servers in a new temp dir and writes the config; {@code actuatorExtra} is YAML added under {@code actuator:}. */
    public static LabServers start(String actuatorExtra) {
        LabServers lab;
        try {
            lab = new LabServers(Files.createTempDirectory("dns-actuator-lab"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            lab.launch(actuatorExtra);
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private void launch(String actuatorExtra) throws IOException {
        knot = KnotServer.start(dir.resolve("knot"), "127.0.10.1");
        gra = RegionHttpServer.start("gra");
        rbx = RegionHttpServer.start("rbx");
        haproxy = HaproxyServer.start(dir.resolve("gra-lb"), gra.port(), rbx.port(), "app_gra");
        config = dir.resolve("tripswitch.yaml");
        Files.writeString(config, String.join("\n",
                "tripswitch:",
                "  regions:",
                "    gra:",
                "      endpoints:",
                "        - id: app1",
                "          url: http://127.0.0.1:" + gra.port() + "/health",
                "    rbx:",
                "      endpoints:",
                "        - id: app1",
                "          url: http://127.0.0.1:" + rbx.port() + "/health",
                "  groups:",
                "    app:",
                "      regions: [gra, rbx]",
                "  actuator:",
                actuatorExtra,
                "    dns:",
                "      app-record:",
                "        group: app",
                "        zone: example.test.",
                "        name: app",
                "        ttl: 30s",
                "        server: " + knot.server(),
                "        tsig-key-name: " + KnotServer.KEY_NAME,
                "        tsig-secret-file: " + knot.secretFile(),
                "        addresses:",
                "          gra: [127.0.10.1]",
                "          rbx: [127.0.20.1]",
                "    haproxy:",
                "      gra-lb:",
                "        group: app",
                "        socket: " + haproxy.adminSocket(),
                "        map-file: " + haproxy.mapFile(),
                "        backends:",
                "          gra: app_gra",
                "          rbx: app_rbx",
                ""));
    }

    public ActuatorLab handles() {
        return new ActuatorLab(knot, haproxy, config);
    }

    @Override
    public void close() {
        for (AutoCloseable server : new AutoCloseable[] {haproxy, rbx, gra, knot}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                // keep stopping the others
            }
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is harmless
        }
    }
}
