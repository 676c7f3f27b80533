package io.tripswitch.decision;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * A Kafka Streams state directory of its own for each {@code @QuarkusTest} class: each class gets a new broker, and
 * local state left by the previous class (same application id) must not be restored against it.
 */
public class FreshStateDirResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            return Map.of("kafka-streams.state.dir", Files.createTempDirectory("decision-state").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // the directory is under java.io.tmpdir; Kafka Streams has closed its stores by now
    }
}
