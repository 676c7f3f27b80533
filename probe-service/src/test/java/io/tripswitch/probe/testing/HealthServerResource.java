package io.tripswitch.probe.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the {@link HealthServer} the probe checks before Quarkus starts, gives its port to the test
 * {@code tripswitch.yaml} as {@code probe-test.health-port}, and hands the server to the test class.
 */
public class HealthServerResource implements QuarkusTestResourceLifecycleManager {

    private HealthServer server;

    @Override
    public Map<String, String> start() {
        server = HealthServer.start();
        return Map.of("probe-test.health-port", Integer.toString(server.port()));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.MatchesType(HealthServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
