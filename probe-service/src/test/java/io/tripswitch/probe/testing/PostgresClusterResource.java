package io.tripswitch.probe.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a {@link PostgresCluster} before Quarkus starts and adds store {@code users} on it to the test's
 * configuration (primary gra, replica rbx, heartbeat table, lag measured every 500 ms); hands the cluster to the test.
 */
public class PostgresClusterResource implements QuarkusTestResourceLifecycleManager {

    private PostgresCluster cluster;

    @Override
    public Map<String, String> start() {
        cluster = PostgresCluster.start();
        String store = "tripswitch.stores.users.";
        Map<String, String> config = new HashMap<>();
        config.put(store + "kind", "postgresql");
        config.put(store + "primary", "gra");
        config.put(store + "replicas", "rbx");
        config.put(store + "postgresql.heartbeat-table", "tripswitch_heartbeat");
        server(config, store + "postgresql.servers.gra.", cluster.primaryPort());
        server(config, store + "postgresql.servers.rbx.", cluster.replicaPort());
        config.put("tripswitch.probe.lag-interval", "500ms");
        config.put("tripswitch.probe.lag-timeout", "3s");
        return config;
    }

    private void server(Map<String, String> config, String prefix, int port) {
        config.put(prefix + "host", "127.0.0.1");
        config.put(prefix + "port", Integer.toString(port));
        config.put(prefix + "database", PostgresCluster.DATABASE);
        config.put(prefix + "user", PostgresCluster.PROBE_USER);
        config.put(prefix + "password-file", cluster.passwordFile().toString());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(cluster, new TestInjector.MatchesType(PostgresCluster.class));
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
