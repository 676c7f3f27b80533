package io.tripswitch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How probes reach a PostgreSQL store's servers: {@code tripswitch.stores.<id>.postgresql}. */
class PostgresqlStoreConfigTest {

    private static final String USERS_STORE = "      kind: postgresql\n      primary: gra\n      replicas: [rbx]\n";
    private static final String CONNECTIONS = """
                  postgresql:
                    heartbeat-table: tripswitch_heartbeat
                    servers:
                      gra:
                        host: 127.0.0.1
                        port: 15432
                        database: app
                        user: lagprobe
                        password-file: /run/secrets/pg-gra
                      rbx:
                        host: 127.0.0.1
                        port: 15433
                        database: app
                        user: lagprobe
                        password-env: PG_RBX_PASSWORD
                        application-name: rbx-standby
            """;

    @TempDir
    Path dir;

    @Test
    void shouldReadTheServersOfEveryRegionWithTheirPasswordSource() throws IOException {
        TripswitchConfig config = TripswitchConfigLoader.load(write(withConnections(CONNECTIONS)));

        TripswitchConfig.PostgresqlStore postgresql = config.stores().get("users").postgresql().orElseThrow();
        assertThat(postgresql.heartbeatTable()).contains("tripswitch_heartbeat");
        assertThat(postgresql.servers()).containsOnlyKeys("gra", "rbx");
        TripswitchConfig.PostgresqlServer gra = postgresql.servers().get("gra");
        assertThat(gra.port()).isEqualTo(15432);
        assertThat(gra.passwordFile()).contains("/run/secrets/pg-gra");
        assertThat(gra.passwordEnv()).isEmpty();
        assertThat(gra.applicationName()).isEmpty();
        TripswitchConfig.PostgresqlServer rbx = postgresql.servers().get("rbx");
        assertThat(rbx.passwordEnv()).contains("PG_RBX_PASSWORD");
        assertThat(rbx.applicationName()).contains("rbx-standby");
    }

    @Test
    void shouldRequireAPrimaryForAPostgresqlStore() throws IOException {
        Path file = write(valid().replace(USERS_STORE, "      kind: postgresql\n      replicas: [gra, rbx]\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.stores.users.primary: required for a store of kind postgresql");
    }

    @Test
    void shouldNameEveryRegionWithoutAServer() throws IOException {
        String onlyGra = CONNECTIONS.substring(0, CONNECTIONS.indexOf("          rbx:"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(write(withConnections(onlyGra))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.stores.users.postgresql.servers: no server for replica region 'rbx'");
    }

    @Test
    void shouldNameAMissingServerOfThePrimary() throws IOException {
        String onlyRbx = CONNECTIONS.replace("          gra:", "          sbg:");

        assertThatThrownBy(() -> TripswitchConfigLoader.load(write(withConnections(onlyRbx))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.stores.users.postgresql.servers: no server for the primary's region 'gra'")
                .hasMessageContaining("tripswitch.stores.users.postgresql.servers.sbg: region 'sbg' is neither the primary nor a replica");
    }

    @Test
    void shouldRejectAServerWithBothPasswordEnvAndPasswordFile() throws IOException {
        String both = CONNECTIONS.replace("password-env: PG_RBX_PASSWORD\n",
                "password-env: PG_RBX_PASSWORD\n            password-file: /run/secrets/pg-rbx\n");

        assertThatThrownBy(() -> TripswitchConfigLoader.load(write(withConnections(both))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.stores.users.postgresql.servers.rbx.password-env: give password-env or password-file, not both");
    }

    @Test
    void shouldRejectAHeartbeatTableThatIsNotAPlainName() throws IOException {
        String injected = CONNECTIONS.replace("heartbeat-table: tripswitch_heartbeat", "heartbeat-table: \"hb; drop table users\"");

        assertThatThrownBy(() -> TripswitchConfigLoader.load(write(withConnections(injected))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.stores.users.postgresql.heartbeat-table: must be a table name");
    }

    @Test
    void shouldRejectPostgresqlConnectionsOnADynamodbStore() throws IOException {
        String sessions = "      kind: dynamodb\n      replicas: [gra, rbx]\n";
        Path file = write(valid().replace(sessions, sessions + CONNECTIONS.replace("gra:", "x:")
                .replace("rbx:", "y:")));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.stores.sessions.postgresql: only for a store of kind postgresql");
    }

    private static String withConnections(String connections) throws IOException {
        String valid = valid();
        assertThat(valid).contains(USERS_STORE);
        return valid.replace(USERS_STORE, USERS_STORE + connections);
    }

    private static String valid() throws IOException {
        return Files.readString(Path.of("src/test/resources/valid.yaml"));
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("tripswitch.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
