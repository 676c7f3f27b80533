package io.tripswitch.decision.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsReadinessCheckTest {

    @TempDir
    java.nio.file.Path stateDir;

    @Test
    void shouldNotBeReadyBeforeKafkaStreamsRuns() {
        // given a Kafka Streams instance that has not been started
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in");
        Properties props = new Properties();
        props.putAll(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "readiness-test", StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9",
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            // when readiness is asked
            HealthCheckResponse response = new StreamsReadinessCheck(streams).call();

            // then it is DOWN and says why
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData()).hasValueSatisfying(data -> assertThat(data).containsEntry("state", "CREATED"));
        }
    }
}
