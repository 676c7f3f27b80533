package io.tripswitch.actuator.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the servers of one {@link LabServers} lab for the service under test, with short resync and fault
 * settings so fault tests converge quickly, and points the service at its tripswitch.yaml.
 */
public class ActuatorLabResource implements QuarkusTestResourceLifecycleManager {

    /** Resync often and give up quickly, so a fault test sees convergence within seconds. */
    static final String FAST_ACTUATOR = String.join("\n",
            "    resync-interval: 1s",
            "    faults:",
            "      attempt-timeout: 4s",
            "      max-attempts: 3",
            "      initial-backoff: 50ms",
            "      max-backoff: 200ms",
            "      jitter: 20ms",
            "      breaker-window: 20",
            "      breaker-delay: 1s");

    private LabServers servers;
    private ActuatorLab lab;

    @Override
    public Map<String, String> start() {
        servers = LabServers.start(FAST_ACTUATOR);
        lab = servers.handles();
        return Map.of("quarkus.config.locations", lab.configFile().toString(),
                "quarkus.http.test-port", "0",
                // the in-JVM broker logs through the same log manager: keep the test output readable
                "quarkus.log.category.\"org.apache.kafka\".level", "WARN",
                "quarkus.log.category.\"kafka\".level", "WARN",
                "quarkus.log.category.\"state.change.logger\".level", "WARN");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(lab, new TestInjector.MatchesType(ActuatorLab.class));
    }

    @Override
    public void stop() {
        if (servers != null) {
            servers.close();
        }
    }
}
