package io.tripswitch.probe.setup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigLoader;
import io.vertx.mutiny.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        LagProbes probes = LagProbes.from(load(FILE.formatted("")), vertx, Map.<String, String>of()::get);

        assertThat(probes.stores()).isEmpty();
        assertThat(probes.warnings()).containsExactly(
                "tripswitch.stores.sessions.dynamodb: not set, so the replication lag of store 'sessions' is not measured by this probe",
                "tripswitch.stores.users.postgresql: not set, so the replication lag of store 'users' is not measured by this probe");
    }

    @Test
    void shouldBuildAProbePerPostgresqlStoreWithConnectionSettings() throws IOException {
        LagProbes probes = LagProbes.from(load(FILE.formatted(CONNECTIONS.stripTrailing())), vertx, Map.<String, String>of()::get);

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

    private TripswitchConfig load(String yaml) throws IOException {
        Path file = dir.resolve("tripswitch.yaml");
        Files.writeString(file, yaml);
        return TripswitchConfigLoader.load(file);
    }
}
