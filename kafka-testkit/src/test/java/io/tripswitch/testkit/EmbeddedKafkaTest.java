package io.tripswitch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    @Test
    void shouldCreateContractTopicsWithTheirCleanupPolicyAndCarryRecords() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withContractTopics(Topics.DEFAULT, 1); Admin admin = kafka.admin()) {
            ConfigResource regionHealth = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEFAULT.regionHealth.name());
            ConfigResource decisions = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEFAULT.decisions.name());
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(regionHealth, decisions)).all().get();
            assertThat(configs.get(regionHealth).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(decisions).get("cleanup.policy").value()).isEqualTo("delete");

            String topic = Topics.DEFAULT.commands.name();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "app", "hello")).get();
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, UUID.randomUUID().toString(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(topic));
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                for (int i = 0; i < 20 && records.isEmpty(); i++) {
                    records = consumer.poll(Duration.ofMillis(500));
                }
                assertThat(records).extracting(r -> r.key() + "=" + r.value()).containsExactly("app=hello");
            }
        }
    }
}
