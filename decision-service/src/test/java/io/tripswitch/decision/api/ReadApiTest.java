package io.tripswitch.decision.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tripswitch.decision.FreshStateDirResource;
import io.tripswitch.decision.ha.ProbeFeed;
import io.tripswitch.decision.ha.StreamsInstances;
import io.tripswitch.decision.topology.DecisionTopology;
import io.tripswitch.testkit.EmbeddedKafka;
import io.tripswitch.testkit.KafkaBrokerResource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The read API of the packaged service against a real broker, alone and beside a second instance (plain Kafka Streams
 * with the same topology and the same {@link StateQueries}, served by a small JDK HTTP server) that holds some keys.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = FreshStateDirResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ReadApiPortResource.class, restrictToAnnotatedClass = true)
class ReadApiTest {

    private static final Logger LOG = Logger.getLogger(ReadApiTest.class);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    EmbeddedKafka kafka;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @ConfigProperty(name = "quarkus.kafka-streams.application-id")
    String applicationId;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldServeGroupsAndRegionsAsJsonAnd404ForUnknownKeys() throws Exception {
        try (ProbeFeed feed = new ProbeFeed(kafka.bootstrapServers())) {
            // given both regions healthy
            String base = "http://localhost:" + port;
            // when they have been assessed, then the group is on gra at epoch 0 and each region is UP with its observer views
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                assertThat(get(base + "/groups/app").status).isEqualTo(200);
                assertThat(get(base + "/regions/gra").json.path("state").asText()).isEqualTo("UP");
                assertThat(get(base + "/regions/rbx").json.path("state").asText()).isEqualTo("UP");
            });
            JsonNode group = get(base + "/groups/app").json;
            assertThat(group.path("group").asText()).isEqualTo("app");
            assertThat(group.path("activeRegion").asText()).isEqualTo("gra");
            assertThat(group.path("epoch").asLong()).isZero();
            assertThat(group.path("frozen").asBoolean()).isFalse();
            assertThat(group.has("holdDownUntil")).isTrue();
            assertThat(group.has("lastDecisionId")).isTrue();
            JsonNode gra = get(base + "/regions/gra").json;
            assertThat(gra.path("views").findValuesAsText("observer")).contains("rbx");
            assertThat(gra.path("endpointsTotal").asInt()).isEqualTo(2);
            assertThat(get(base + "/groups").json.findValuesAsText("group")).containsExactly("app");
            assertThat(get(base + "/regions").json.findValuesAsText("region")).containsExactlyInAnyOrder("gra", "rbx");
            // and unknown keys are 404
            assertThat(get(base + "/groups/nope").status).isEqualTo(404);
            assertThat(get(base + "/regions/nope").status).isEqualTo(404);

            // when gra fails, then the group shows the failover and its decision
            feed.failGra();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get(base + "/groups/app").json.path("epoch").asLong()).isEqualTo(1L));
            JsonNode failedOver = get(base + "/groups/app").json;
            assertThat(failedOver.path("activeRegion").asText()).isEqualTo("rbx");
            assertThat(failedOver.path("lastDecisionId").asText()).isNotBlank();
            assertThat(get(base + "/regions/gra").json.path("state").asText()).isEqualTo("DOWN");
            // and rbx shows gra's view of it EXCUSED (gra is DOWN), standing on its own view
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode rbx = get(base + "/regions/rbx").json;
                assertThat(rbx.path("state").asText()).isEqualTo("UP");
                assertThat(rbx.path("observersExcused").asInt()).isEqualTo(1);
                JsonNode fromGra = rbx.path("views").findParents("observer").stream()
                        .filter(view -> view.path("observer").asText().equals("gra")).findFirst().orElseThrow();
                assertThat(fromGra.path("state").asText()).isEqualTo("EXCUSED");
                assertThat(fromGra.path("seen").asText()).isEqualTo("UP");
            });
        }
    }

    @Test
    void shouldFetchAKeyHeldByTheOtherInstanceAndAnswer503WhileNotQueryable() throws Exception {
        Path stateDir = Files.createTempDirectory("read-api-second-instance");
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        HostInfo second = new HostInfo("localhost", server.getAddress().getPort());
        KafkaStreams streams = new KafkaStreams(DecisionTopology.build(StreamsInstances.settings()),
                StreamsInstances.props(applicationId, kafka.bootstrapServers(), stateDir, 0, second.host() + ":" + second.port()));
        StateQueries queries = new StateQueries(streams, second, StreamsInstances.settings().deployment(), new RemoteStateClient(JSON));
        server.createContext("/", exchange -> serve(queries, exchange));
        server.start();
        String secondBase = "http://localhost:" + second.port();
        String firstBase = "http://localhost:" + port;
        try (ProbeFeed feed = new ProbeFeed(kafka.bootstrapServers())) {
            // given a second instance that has not started yet: not queryable
            assertThat(get(secondBase + "/groups/app").status).isEqualTo(503);

            // when it joins the service under test and the work is shared
            streams.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> streams.state() == KafkaStreams.State.RUNNING
                    && streams.metadataForLocalThreads().stream().anyMatch(thread -> !thread.activeTasks().isEmpty()));

            // then every key can be read from either instance, whichever holds it
            Map<String, String> keys = Map.of("groups/app", DecisionTopology.GROUP_STORE, "regions/gra", DecisionTopology.REGION_STORE,
                    "regions/rbx", DecisionTopology.REGION_STORE);
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> keys.keySet().forEach(key -> {
                Reply fromFirst = get(firstBase + "/" + key);
                Reply fromSecond = get(secondBase + "/" + key);
                assertThat(fromFirst.status).as("%s from the service under test", key).isEqualTo(200);
                assertThat(fromSecond.status).as("%s from the second instance", key).isEqualTo(200);
                assertThat(fromSecond.json).isEqualTo(fromFirst.json);
            }));
            keys.forEach((key, store) -> LOG.infof("%s is held by %s", key,
                    streams.queryMetadataForKey(store, key.substring(key.indexOf('/') + 1), Serdes.String().serializer()).activeHost()));
            assertThat(List.of(get(secondBase + "/groups").status, get(firstBase + "/regions").status)).containsOnly(200);
        } finally {
            streams.close(Duration.ofSeconds(30));
            server.stop(0);
        }
    }

    /** The read API's paths over {@link StateQueries}, as the second instance serves them. */
    private static void serve(StateQueries queries, com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().substring(1).split("/");
        boolean local = "local=true".equals(exchange.getRequestURI().getQuery());
        int status;
        Object body;
        try {
            Optional<?> answer = switch (path[0]) {
                case "groups" -> path.length == 1 ? Optional.of(queries.groups()) : queries.group(path[1], local);
                case "regions" -> path.length == 1 ? Optional.of(queries.regions()) : queries.region(path[1], local);
                default -> Optional.empty();
            };
            status = answer.isPresent() ? 200 : 404;
            body = answer.isPresent() ? answer.get() : Map.of("error", "unknown");
        } catch (NotQueryableException e) {
            status = 503;
            body = Map.of("error", e.getMessage());
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private record Reply(int status, JsonNode json) {
    }

    private Reply get(String url) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
