package io.tripswitch.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tripswitch.schemas.Topics;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real in-JVM Kafka broker with the contract's topics, and points
 * both Kafka clients and Kafka Streams at it.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedKafka kafka;

    @Override
    public Map<String, String> start() {
        kafka = EmbeddedKafka.start().withContractTopics(Topics.DEFAULT, 3);
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.kafka-streams.bootstrap-servers", kafka.bootstrapServers());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(kafka, new TestInjector.MatchesType(EmbeddedKafka.class));
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
