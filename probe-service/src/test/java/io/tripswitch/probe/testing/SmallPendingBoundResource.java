package io.tripswitch.probe.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Bounds the results waiting for Kafka to {@link #MAX_PENDING}, so a short outage reaches the bound. */
public class SmallPendingBoundResource implements QuarkusTestResourceLifecycleManager {

    public static final int MAX_PENDING = 15;

    @Override
    public Map<String, String> start() {
        return Map.of("tripswitch.probe.max-pending-results", Integer.toString(MAX_PENDING));
    }

    @Override
    public void stop() {
        // nothing started
    }
}
