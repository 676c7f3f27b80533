package io.tripswitch.decision.topology;

import io.tripswitch.schemas.CloudEventHeaders;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** CloudEvents headers for the records the decision-service publishes. */
final class CloudEvents {

    static final String SOURCE = "/tripswitch/decision-service";

    private CloudEvents() {
    }

    static Headers headers(String type, String id, Instant time) {
        return new RecordHeaders(CloudEventHeaders.of(type, id, SOURCE, time));
    }
}
