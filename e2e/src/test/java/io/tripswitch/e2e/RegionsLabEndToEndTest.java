package io.tripswitch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images built by this build, run as a deployment runs them: three regions from {@code deploy/compose/region.yaml}
 * on one Kafka cluster stretched over them, brought up by {@code deploy/regions/lab} and checked from outside.
 */
class RegionsLabEndToEndTest {

    @TempDir
    Path labDir;

    @Test
    void shouldRunEveryRegionFromItsImagesOnOneClusterWithThreeReplicasPlacedOnePerRegion() throws Exception {
        try (RegionsLab lab = new RegionsLab(labDir)) {
            // up waits until every service's healthcheck (/q/health/ready) says healthy at the same time, and fails
            // otherwise. (Afterwards a decision-service instance may turn unready for a while as its Streams group
            // rebalances under this load: docs/benchmarks.md, "Region blackout".)
            String up = lab.run(Duration.ofMinutes(12), "up");
            assertThat(up).contains("lab up in");
            Map<String, String> env = lab.env();

            String status = lab.run(Duration.ofMinutes(1), "status");
            for (String region : List.of("gra", "rbx", "sbg")) {
                for (String container : List.of("kafka-", "probe-", "decision-", "actuator-", "app1", "app2", "lb")) {
                    String name = container.endsWith("-") ? container + region : region + "-" + container;
                    assertThat(status).containsPattern("(?m)^  " + name + " +running");
                }
                assertThat(LabClients.bodyOf(env.get(region.toUpperCase() + "_LB_URL"))).as(region + "-lb")
                        .hasValueSatisfying(b -> assertThat(b).startsWith("region=gra "));
            }
            assertThat(LabClients.dnsAnswer(env)).containsExactly(env.get("GRA_ADDRESS"));

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("KAFKA_BOOTSTRAP")))) {
                // One broker per region, racked by region.
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).extracting(Node::rack)
                        .containsExactlyInAnyOrder("gra", "rbx", "sbg");
                // Every contract topic: three replicas, one in each region, min ISR 2, no unclean election.
                Set<String> names = Set.copyOf(Topics.DEFAULT.all().stream().map(t -> t.name()).toList());
                Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
                assertThat(topics).hasSize(names.size());
                topics.values().forEach(topic -> topic.partitions().forEach(partition ->
                        assertThat(partition.replicas()).as(topic.name()).extracting(Node::rack)
                                .containsExactlyInAnyOrder("gra", "rbx", "sbg")));
                Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all().get(30, TimeUnit.SECONDS);
                configs.forEach((resource, config) -> {
                    assertThat(config.get("min.insync.replicas").value()).as(resource.name()).isEqualTo("2");
                    assertThat(config.get("unclean.leader.election.enable").value()).as(resource.name()).isEqualTo("false");
                });
            }
        }
    }
}
