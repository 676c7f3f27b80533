package io.tripswitch.decision.topology;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A scenario test's world (a TopologyTestDriver over the real topology) in its own state dir, closed after each test. */
abstract class ScenarioTestBase {

    @TempDir
    Path stateDir;

    Scenario world;

    @AfterEach
    void closeWorld() {
        if (world != null) {
            world.close();
        }
    }
}
