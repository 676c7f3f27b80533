package io.tripswitch.probe.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives the probe-results producer a delivery timeout of {@link #DELIVERY_TIMEOUT_MS} instead of Kafka's 120 s, so a
 * short broker outage makes records fail after the producer's own retries.
 */
public class ShortDeliveryTimeoutResource implements QuarkusTestResourceLifecycleManager {

    public static final int DELIVERY_TIMEOUT_MS = 3000;

    @Override
    public Map<String, String> start() {
        // Kafka wants delivery.timeout.ms >= linger.ms + request.timeout.ms.
        return Map.of(
                "mp.messaging.outgoing.probe-results.delivery.timeout.ms", Integer.toString(DELIVERY_TIMEOUT_MS),
                "mp.messaging.outgoing.probe-results.request.timeout.ms", "1000");
    }

    @Override
    public void stop() {
        // nothing started
    }
}
