package io.tripswitch.probe.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigLoader;
import io.tripswitch.fixtures.FreePorts;
import io.tripswitch.probe.testing.AwsStandIn;
import io.tripswitch.probe.testing.Dynalite;
import io.tripswitch.probe.testing.TestReplicator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The DynamoDB lag probe against two dynalites playing the gra (eu-west-3) and rbx (eu-central-1) replicas of a
 * global table, a test replicator copying gra's items to rbx with a controllable delay, and WireMock standing in for
 * what dynalite lacks (DescribeTable's Replicas, CloudWatch GetMetricData), all on 127.0.0.1, driving the real SDK.
 */
class DynamodbLagProbeTest {

    static final String TABLE = "sessions";
    static final String GRA_AWS = "eu-west-3";
    static final String RBX_AWS = "eu-central-1";
    private static final Map<String, String> SAVED_PROPERTIES = new HashMap<>();
    private static final AtomicInteger PROBES = new AtomicInteger();

    @TempDir
    static Path dir;

    static Dynalite gra;
    static Dynalite rbx;
    static AwsStandIn graAws;
    static DynamoDbAsyncClient graDirect;
    static DynamoDbAsyncClient rbxDirect;
    static TestReplicator replicator;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startRegions() {
        // Credentials reach the probe only through the SDK's default chain; these are dynalite's, not secrets.
        setProperty("aws.accessKeyId", "tripswitch-test");
        setProperty("aws.secretAccessKey", "tripswitch-test");
        setProperty("aws.disableEc2Metadata", "true");
        gra = Dynalite.start("gra", dir);
        rbx = Dynalite.start("rbx", dir);
        graDirect = client(gra.endpoint());
        rbxDirect = client(rbx.endpoint());
        createTable(graDirect);
        createTable(rbxDirect);
        graAws = AwsStandIn.start(TABLE, gra.endpoint());
        replicator = new TestReplicator(graDirect, rbxDirect, TABLE, "pk", Clock.systemUTC());
    }

    @AfterAll
    static void stopRegions() {
        for (AutoCloseable closeable : new AutoCloseable[] {replicator, graAws, graDirect, rbxDirect, gra, rbx}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // keep stopping the others
            }
        }
        SAVED_PROPERTIES.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    @BeforeEach
    void replicateAtOnceWithEveryReplicaActive() {
        graAws.reset();
        graAws.replicas("ACTIVE", Map.of(RBX_AWS, "ACTIVE"));
        replicator.delay(Duration.ZERO);
        replicator.resume();
    }

    @AfterEach
    void closeProbes() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    @Test
    void shouldReadNearlyNoLagWhenTheReplicaCopiesWithoutDelay() {
        // given
        DynamodbLagProbe probe = probe(Duration.ofSeconds(3), graAws.endpoint(), rbx.endpoint(), graAws.endpoint());

        // when
        List<LagReading> first = measure(probe);
        List<LagReading> second = measure(probe);

        // then
        for (List<LagReading> readings : List.of(first, second)) {
            LagReading replica = reading(readings, "rbx");
            System.out.printf("dynamodb canary: induced delay 0 ms, measured %d ms (%s)%n", replica.lagMs().orElse(-1), replica.detail());
            assertThat(replica.healthy()).as(replica.detail()).isTrue();
            assertThat(replica.sourceRegion()).isEqualTo("gra");
            assertThat(replica.lagMs()).isPresent();
            assertThat(replica.lagMs().getAsLong()).isBetween(0L, 1_000L);
            assertThat(replica.detail()).contains("newest write seen").contains("no recent ReplicationLatency datapoint");
            LagReading source = reading(readings, "gra");
            assertThat(source.healthy()).isTrue();
            assertThat(source.lagMs()).hasValue(0);
            assertThat(source.detail()).contains("source region");
        }
        assertThat(graAws.describeTableCalls()).isEqualTo(2);
    }

    @Test
    void shouldMeasureAnInducedTwoSecondDelayWithinTolerance() {
        // given
        replicator.delay(Duration.ofSeconds(2));
        DynamodbLagProbe probe = probe(Duration.ofSeconds(4), graAws.endpoint(), rbx.endpoint(), graAws.endpoint());

        // when
        List<Long> lags = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LagReading replica = reading(measure(probe), "rbx");
            System.out.printf("dynamodb canary: induced delay 2000 ms, measured %d ms (%s)%n", replica.lagMs().orElse(-1), replica.detail());
            assertThat(replica.healthy()).as(replica.detail()).isTrue();
            lags.add(replica.lagMs().orElseThrow());
        }

        // then: stated tolerance -100 ms / +1000 ms (replicator scan 20 ms, canary poll step 100 ms, a loaded machine)
        assertThat(lags).allSatisfy(lag -> assertThat(lag).isBetween(1_900L, 3_000L));
    }

    @Test
    void shouldBoundALagLongerThanThePollingWindowByOneCanaryIntervalAbove() {
        // given: polling stops after 800 ms, the replica is 2 s behind
        replicator.delay(Duration.ofSeconds(2));
        DynamodbLagProbe probe = probe(Duration.ofSeconds(1), graAws.endpoint(), rbx.endpoint(), graAws.endpoint());

        // when: measurements back to back, so the canary interval is one measurement's duration
        List<LagReading> readings = new ArrayList<>();
        long longestInterval = 0;
        long previous = System.currentTimeMillis();
        for (int i = 0; i < 7; i++) {
            readings.add(reading(measure(probe), "rbx"));
            long now = System.currentTimeMillis();
            longestInterval = Math.max(longestInterval, now - previous);
            previous = now;
        }

        // then: once the first canaries have come through (4 measurements), between the true lag and one canary
        // interval above it (+500 ms for the replicator's 20 ms scan, the 100 ms poll step and a loaded machine)
        long ceiling = 2_000L + longestInterval + 500L;
        for (LagReading replica : readings.subList(4, 7)) {
            System.out.printf("dynamodb canary: induced delay 2000 ms, polling window 800 ms, longest interval %d ms, measured %d ms (%s)%n",
                    longestInterval, replica.lagMs().orElse(-1), replica.detail());
            assertThat(replica.healthy()).as(replica.detail()).isTrue();
            assertThat(replica.detail()).contains("newest write not seen yet");
            assertThat(replica.lagMs().getAsLong()).isBetween(1_900L, ceiling);
        }
    }

    @Test
    void shouldReportAGrowingLagWhileReplicationIsPausedAndADropOnceItResumes() {
        // given
        DynamodbLagProbe probe = probe(Duration.ofSeconds(1), graAws.endpoint(), rbx.endpoint(), graAws.endpoint());
        assertThat(reading(measure(probe), "rbx").healthy()).isTrue();

        // when
        replicator.pause();
        LagReading paused = reading(measure(probe), "rbx");
        AtomicReference<LagReading> later = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            later.set(reading(measure(probe), "rbx"));
            return later.get().lagMs().orElse(0) > paused.lagMs().orElseThrow() + 1_500;
        });
        replicator.resume();
        AtomicReference<LagReading> resumed = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            resumed.set(reading(measure(probe), "rbx"));
            return resumed.get().detail().contains("newest write seen");
        });

        // then
        System.out.printf("dynamodb canary: paused %d ms, still paused %d ms, resumed %d ms%n",
                paused.lagMs().orElse(-1), later.get().lagMs().orElse(-1), resumed.get().lagMs().orElse(-1));
        assertThat(paused.healthy()).isTrue();
        assertThat(paused.detail()).contains("newest write not seen yet");
        assertThat(paused.lagMs()).isPresent();
        assertThat(paused.lagMs().getAsLong()).isGreaterThanOrEqualTo(500L);
        assertThat(later.get().detail()).contains("newest write not seen yet");
        assertThat(resumed.get().healthy()).isTrue();
        assertThat(resumed.get().lagMs()).isPresent();
        assertThat(resumed.get().lagMs().getAsLong()).isLessThan(1_000L);
    }

    @Test
    void shouldBeUnhealthyWithoutALagFigureWhenTheReplicaIsNotActive() {
        // given
        graAws.replicas("ACTIVE", Map.of(RBX_AWS, "UPDATING"));
        DynamodbLagProbe probe = probe(Duration.ofSeconds(3), graAws.endpoint(), rbx.endpoint(), graAws.endpoint());

        // when
        List<LagReading> readings = measure(probe);

        // then
        LagReading replica = reading(readings, "rbx");
        System.out.printf("dynamodb replica UPDATING: %s%n", replica);
        assertThat(replica.healthy()).isFalse();
        assertThat(replica.lagMs()).isEmpty();
        assertThat(replica.detail()).contains("replica status UPDATING in eu-central-1");
        assertThat(reading(readings, "gra").healthy()).isTrue();
        assertThat(graAws.describeTableCalls()).isEqualTo(1);
    }

    @Test
    void shouldBeUnhealthyWhenTheTableHasNoReplicaInTheRegion() {
        // given
        graAws.replicas("ACTIVE", Map.of("us-east-1", "ACTIVE"));
        DynamodbLagProbe probe = probe(Duration.ofSeconds(3), graAws.endpoint(), rbx.endpoint(), graAws.endpoint());

        // when
        LagReading replica = reading(measure(probe), "rbx");

        // then
        assertThat(replica.healthy()).isFalse();
        assertThat(replica.lagMs()).isEmpty();
        assertThat(replica.detail()).contains("table sessions has no replica in eu-central-1");
    }

    @Test
    void shouldTakeCloudWatchsReplicationLatencyWhenItIsLargerThanTheCanarys() {
        // given
        Instant minuteAgo = Instant.now().minusSeconds(60);
        graAws.replicationLatency(RBX_AWS, new AwsStandIn.Datapoint(minuteAgo, 4321.0));
        DynamodbLagProbe probe = probe(Duration.ofSeconds(3), graAws.endpoint(), rbx.endpoint(), graAws.endpoint());

        // when
        LagReading replica = reading(measure(probe), "rbx");

        // then
        System.out.printf("dynamodb with CloudWatch: %s%n", replica);
        assertThat(replica.healthy()).as(replica.detail()).isTrue();
        assertThat(replica.lagMs()).hasValue(4321);
        assertThat(replica.detail()).contains("CloudWatch ReplicationLatency 4321 ms at " + Instant.ofEpochSecond(minuteAgo.getEpochSecond()))
                .contains("newest write seen");
        assertThat(graAws.getMetricDataRequestsRaw()).singleElement()
                .satisfies(request -> assertThat(request.getHeader("smithy-protocol")).isEqualTo("rpc-v2-cbor"))
                .satisfies(request -> assertThat(request.getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256")
                        .contains("/" + GRA_AWS + "/monitoring/aws4_request"));
        JsonNode query = graAws.getMetricDataRequests().get(0).path("MetricDataQueries");
        assertThat(query).hasSize(1);
        JsonNode metric = query.get(0).path("MetricStat").path("Metric");
        assertThat(metric.path("Namespace").asText()).isEqualTo("AWS/DynamoDB");
        assertThat(metric.path("MetricName").asText()).isEqualTo("ReplicationLatency");
        Map<String, String> dimensions = new HashMap<>();
        metric.path("Dimensions").forEach(d -> dimensions.put(d.path("Name").asText(), d.path("Value").asText()));
        assertThat(dimensions).containsExactlyInAnyOrderEntriesOf(Map.of("TableName", TABLE, "ReceivingRegion", RBX_AWS));
        assertThat(query.get(0).path("MetricStat").path("Stat").asText()).isEqualTo("Maximum");
        assertThat(query.get(0).path("MetricStat").path("Period").asInt()).isEqualTo(60);
    }

    @Test
    void shouldBeUnhealthyWhenTheReplicaRegionsDynamodbIsStopped() {
        // given
        Dynalite doomed = Dynalite.start("doomed-rbx", dir);
        URI endpoint = doomed.endpoint();
        doomed.close();
        DynamodbLagProbe probe = probe(Duration.ofSeconds(3), graAws.endpoint(), endpoint, graAws.endpoint());

        // when
        List<LagReading> readings = measure(probe);

        // then
        LagReading replica = reading(readings, "rbx");
        System.out.printf("dynamodb replica stopped: %s%n", replica);
        assertThat(replica.healthy()).isFalse();
        assertThat(replica.lagMs()).isEmpty();
        assertThat(replica.detail()).contains("canary read in rbx failed: ");
        assertThat(reading(readings, "gra").healthy()).isTrue();
    }

    @Test
    void shouldBeUnhealthyEverywhereWhenTheSourceRegionsDynamodbIsStopped() {
        // given
        Dynalite doomed = Dynalite.start("doomed-gra", dir);
        URI endpoint = doomed.endpoint();
        doomed.close();
        DynamodbLagProbe probe = probe(Duration.ofSeconds(3), endpoint, rbx.endpoint(), graAws.endpoint());

        // when
        List<LagReading> readings = measure(probe);

        // then
        System.out.printf("dynamodb source stopped: %s%n", readings);
        assertThat(readings).hasSize(2).allSatisfy(reading -> {
            assertThat(reading.healthy()).isFalse();
            assertThat(reading.lagMs()).isEmpty();
            assertThat(reading.detail()).contains("DescribeTable sessions in gra failed: ")
                    .contains("canary write in gra failed: ");
        });
    }

    @Test
    void shouldMeasureByTheCanaryAloneAndSaySoWhenCloudWatchIsUnreachable() {
        // given
        URI nobody = URI.create("http://127.0.0.1:" + FreePorts.pick());
        DynamodbLagProbe probe = probe(Duration.ofSeconds(3), graAws.endpoint(), rbx.endpoint(), nobody);

        // when
        List<LagReading> readings = measure(probe);

        // then
        LagReading replica = reading(readings, "rbx");
        System.out.printf("dynamodb CloudWatch unreachable: %s%n", replica);
        assertThat(replica.healthy()).isTrue();
        assertThat(replica.lagMs()).isPresent();
        assertThat(replica.lagMs().getAsLong()).isBetween(0L, 1_000L);
        assertThat(replica.detail())
                .contains("CloudWatch GetMetricData in gra failed, canary figure only: ")
                .contains("newest write seen");
        assertThat(reading(readings, "gra").healthy()).isTrue();
    }

    private DynamodbLagProbe probe(Duration lagTimeout, URI graEndpoint, URI rbxEndpoint, URI cloudwatchEndpoint) {
        String yaml = """
                tripswitch:
                  regions:
                    gra:
                      endpoints:
                        - id: app
                          url: http://127.0.0.1:9/health
                    rbx:
                      endpoints:
                        - id: app
                          url: http://127.0.0.1:9/health
                  groups:
                    app:
                      regions: [gra, rbx]
                      stores: [sessions]
                  stores:
                    sessions:
                      kind: dynamodb
                      replicas: [gra, rbx]
                      dynamodb:
                        table: sessions
                        regions:
                          gra:
                            aws-region: %s
                            endpoint: %s
                            cloudwatch-endpoint: %s
                          rbx:
                            aws-region: %s
                            endpoint: %s
                  probe:
                    observer: gra
                    lag-timeout: %dms
                """.formatted(GRA_AWS, graEndpoint, cloudwatchEndpoint, RBX_AWS, rbxEndpoint, lagTimeout.toMillis());
        try {
            Path file = dir.resolve("tripswitch-" + PROBES.incrementAndGet() + ".yaml");
            Files.writeString(file, yaml);
            TripswitchConfig config = TripswitchConfigLoader.load(file);
            DynamodbLagProbe probe = DynamodbLagProbe.from("sessions", config.stores().get("sessions"), config.probe(),
                    "probe-test-" + PROBES.get(), Clock.systemUTC());
            toClose.add(probe);
            return probe;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<LagReading> measure(DynamodbLagProbe probe) {
        List<LagReading> readings = probe.measure().await().atMost(Duration.ofSeconds(60));
        assertThat(readings).extracting(LagReading::replicaRegion).containsExactly("gra", "rbx");
        assertThat(readings).allSatisfy(reading -> assertThat(reading.store()).isEqualTo("sessions"));
        return readings;
    }

    private static LagReading reading(List<LagReading> readings, String region) {
        return readings.stream().filter(reading -> reading.replicaRegion().equals(region)).findFirst().orElseThrow();
    }

    private static DynamoDbAsyncClient client(URI endpoint) {
        return DynamoDbAsyncClient.builder()
                .region(Region.of(GRA_AWS))
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("tripswitch-test", "tripswitch-test")))
                .build();
    }

    private static void createTable(DynamoDbAsyncClient client) {
        client.createTable(r -> r.tableName(TABLE)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .provisionedThroughput(t -> t.readCapacityUnits(100L).writeCapacityUnits(100L))).join();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.describeTable(r -> r.tableName(TABLE)).join().table().tableStatus() == TableStatus.ACTIVE);
    }

    private static void setProperty(String key, String value) {
        SAVED_PROPERTIES.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }
}
