package io.tripswitch.probe.testing;

import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A tripswitch.yaml with store {@code users} (PostgreSQL, primary gra, replica rbx) on a {@link PostgresCluster}, loaded and validated. */
public final class LagTestConfig {

    private LagTestConfig() {
    }

    /** @param passwordLine the server's password source line, e.g. {@code password-file: /tmp/x} */
    public static TripswitchConfig.Store usersStore(PostgresCluster cluster, Optional<String> heartbeatTable, String passwordLine, Path dir) {
        String yaml = """
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
                      stores: [users]
                  stores:
                    users:
                      kind: postgresql
                      primary: gra
                      replicas: [rbx]
                      postgresql:
                %s        servers:
                          gra:
                            host: 127.0.0.1
                            port: %d
                            database: %s
                            user: %s
                            %s
                          rbx:
                            host: 127.0.0.1
                            port: %d
                            database: %s
                            user: %s
                            %s
                """.formatted(heartbeatTable.map(table -> "        heartbeat-table: " + table + "\n").orElse(""),
                cluster.primaryPort(), PostgresCluster.DATABASE, PostgresCluster.PROBE_USER, passwordLine,
                cluster.replicaPort(), PostgresCluster.DATABASE, PostgresCluster.PROBE_USER, passwordLine);
        try {
            Path file = Files.createTempFile(dir, "tripswitch-", ".yaml");
            Files.writeString(file, yaml);
            return TripswitchConfigLoader.load(file).stores().get("users");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
