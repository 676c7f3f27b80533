package io.tripswitch.actuator.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts a real Knot (zone example.test., app A 127.0.10.1), two region HTTP servers and a real HAProxy
 * routing group {@code app} through a map file, then writes the tripswitch.yaml the service under test
 * reads (TSIG secret in a file beside it). Everything is stopped and deleted afterwards.
 */
public class ActuatorLabResource implements QuarkusTestResourceLifecycleManager {

    private Path dir;
    private KnotServer knot;
    private RegionHttpServer gra;
    private RegionHttpServer rbx;
    private HaproxyServer haproxy;
    private ActuatorLab lab;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("dns-actuator-lab");
            knot = KnotServer.start(dir.resolve("knot"), "127.0.10.1");
            gra = RegionHttpServer.start("gra");
            rbx = RegionHttpServer.start("rbx");
            haproxy = HaproxyServer.start(dir.resolve("gra-lb"), gra.port(), rbx.port(), "app_gra");
            Path secret = dir.resolve("tsig.secret");
            Files.writeString(secret, knot.secret() + "\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            Path config = dir.resolve("tripswitch.yaml");
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
                    "    dns:",
                    "      app-record:",
                    "        group: app",
                    "        zone: example.test.",
                    "        name: app",
                    "        ttl: 30s",
                    "        server: " + knot.server(),
                    "        tsig-key-name: " + KnotServer.KEY_NAME,
                    "        tsig-secret-file: " + secret,
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
            lab = new ActuatorLab(knot, haproxy, config);
            return Map.of("quarkus.config.locations", config.toString(),
                    "quarkus.http.test-port", "0",
                    // the in-JVM broker logs through the same log manager: keep the test output readable
                    "quarkus.log.category.\"org.apache.kafka\".level", "WARN",
                    "quarkus.log.category.\"kafka\".level", "WARN",
                    "quarkus.log.category.\"state.change.logger\".level", "WARN");
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(lab, new TestInjector.MatchesType(ActuatorLab.class));
    }

    @Override
    public void stop() {
        for (AutoCloseable server : new AutoCloseable[] {haproxy, rbx, gra, knot}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                // keep stopping the others
            }
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a leftover temp dir is harmless
            }
        }
    }
}
