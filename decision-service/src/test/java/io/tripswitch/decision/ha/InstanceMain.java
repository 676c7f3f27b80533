package io.tripswitch.decision.ha;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;

/** A decision-service instance in a JVM of its own, so a test can kill it (SIGKILL) as a crash would. Args: bootstrap, state dir. */
public final class InstanceMain {

    private InstanceMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        StreamsInstances.quietLogging();
        KafkaStreams streams = StreamsInstances.create(args[0], Path.of(args[1]), 0, "localhost:1");
        streams.setStateListener((now, before) -> {
            System.out.println("STATE " + now);
            System.out.flush();
        });
        streams.start();
        new CountDownLatch(1).await(); // until killed
    }
}
