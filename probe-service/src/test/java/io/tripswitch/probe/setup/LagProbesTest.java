package io.tripswitch.probe.setup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigLoader;
import io.vertx.mutiny.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LagProbesTest {

    private static final String FILE = """
            tripswitch:
              regions:
                gra:
                  endpoints:
                    - id: app1
                      url: http://127.0.0.1:9/health
                rbx:
                  endpoints:
                    - id: app1
                      url: http://127.0.0.1:9/health
              groups:
                app:
                  regions: [gra, rbx]
              stores:
                users:
                  kind: postgresql
                  primary: gra
                  replicas: [rbx]
            %s
                sessions:
                  kind: dynamodb
                  replicas: [gra, rbx]
            """;
    private static final String CONNECTIONS = """
                  postgresql:
                    servers:
                      gra: {host: 127.0.0.1, port: 15432, database: app, user: lagprobe}
                      rbx: {host: 127.0.0.1, port: 15433, database: app, user: lagprobe}
            """;

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() {
        vertx.closeAndAwait();
    }

    @Test
    void shouldWarnNamingTheKeyOfEveryStoreWithoutConnectionSettings() throws IOException {
        LagProbes probes = from(FILE.formatted(""));

        assertThat(probes.stores()).isEmpty();
        assertThat(probes.warnings()).containsExactly(
                "tripswitch.stores.sessions.dynamodb: not set, so the replication lag of store 'sessions' is not measured by this probe",
                "tripswitch.stores.users.postgresql: not set, so the replication lag of store 'users' is not measured by this probe");
    }

    @Test
    void shouldBuildAProbePerPostgresqlStoreWithConnectionSettings() throws IOException {
        LagProbes probes = from(FILE.formatted(CONNECTIONS.stripTrailing()));

        try {
            assertThat(probes.stores()).singleElement().satisfies(store -> {
                assertThat(store.probe().store()).isEqualTo("users");
                assertThat(store.kind()).isEqualTo(TripswitchConfig.StoreKind.POSTGRESQL);
                assertThat(store.sourceByReplica()).isEqualTo(Map.of("rbx", "gra"));
            });
        } finally {
            probes.stores().forEach(store -> store.probe().close());
        }
    }

    @Test
    void shouldBuildADynamodbProbeMeasuringEveryReplicaAgainstTheCanarysSourceRegion() throws IOException {
        LagProbes probes = from(FILE.formatted("") + """
                      dynamodb:
                        table: sessions
                        regions:
                          gra: {aws-region: eu-west-3, endpoint: "http://127.0.0.1:9"}
                          rbx: {aws-region: eu-west-1, endpoint: "http://127.0.0.1:9"}
                """);

        try {
            assertThat(probes.stores()).singleElement().satisfies(store -> {
                assertThat(store.probe().store()).isEqualTo("sessions");
                assertThat(store.kind()).isEqualTo(TripswitchConfig.StoreKind.DYNAMODB);
                assertThat(store.sourceByReplica()).isEqualTo(Map.of("gra", "gra", "rbx", "gra"));
            });
            assertThat(probes.warnings()).containsExactly(
                    "tripswitch.stores.users.postgresql: not set, so the replication lag of store 'users' is not measured by this probe");
        } finally {
            probes.stores().forEach(store -> store.probe().close());
        }
    }

    private LagProbes from(String yaml) throws IOException {
        return LagProbes.from(load(yaml), vertx, "probe-test", Clock.systemUTC(), Map.<String, String>of()::get);
    }

    private TripswitchConfig load(String yaml) throws IOException {
        Path file = dir.resolve("tripswitch.yaml");
        Files.writeString(file, yaml);
        return TripswitchConfigLoader.load(file);
    }
}
