package io.tripswitch.probe.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What dynalite cannot play, at the HTTP level, with the providers' documented shapes, for the real AWS SDK: DynamoDB
 * DescribeTable with a global table's {@code Replicas} (AWS JSON 1.0, {@code X-Amz-Target:
 * DynamoDB_20120810.DescribeTable}), every other DynamoDB call proxied to a dynalite; and CloudWatch GetMetricData,
 * which SDK 2.57.8 sends as Smithy RPC v2 CBOR ({@code POST /service/GraniteServiceVersion20100801/operation/GetMetricData},
 * {@code smithy-protocol: rpc-v2-cbor}), answered from the queries it carries: ReplicationLatency of the stand-in's
 * table per {@code ReceivingRegion} dimension, nothing for any other metric.
 */
public final class AwsStandIn implements AutoCloseable {

    public static final String GET_METRIC_DATA = "/service/GraniteServiceVersion20100801/operation/GetMetricData";
    static final String DESCRIBE_TABLE = "DynamoDB_20120810.DescribeTable";
    private static final CBORMapper CBOR = new CBORMapper();

    /** A ReplicationLatency datapoint. */
    public record Datapoint(Instant at, double milliseconds) {
    }

    private final WireMockServer server;
    private final String table;
    private final URI dynalite;
    private final Map<String, Datapoint> latencyByReceivingRegion = new ConcurrentHashMap<>();

    private AwsStandIn(String table, URI dynalite) {
        this.table = table;
        this.dynalite = dynalite;
        this.server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .extensions(new GetMetricDataAnswer()));
        server.start();
    }

    /** A stand-in for the DynamoDB and CloudWatch of one region, whose items live in {@code dynalite}. */
    public static AwsStandIn start(String table, URI dynalite) {
        AwsStandIn standIn = new AwsStandIn(table, dynalite);
        standIn.reset();
        return standIn;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Back to: the table ACTIVE with no replica, every other DynamoDB call to dynalite, no ReplicationLatency datapoint. */
    public void reset() {
        server.resetAll();
        latencyByReceivingRegion.clear();
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(dynalite.toString())));
        server.stubFor(post(urlEqualTo(GET_METRIC_DATA)).atPriority(1)
                .withHeader("smithy-protocol", equalTo("rpc-v2-cbor"))
                .withHeader("Content-Type", equalTo("application/cbor"))
                .willReturn(aResponse().withTransformers(GetMetricDataAnswer.NAME)));
        replicas("ACTIVE", Map.of());
    }

    /** DescribeTable answers the table with {@code tableStatus} and these replicas (AWS region → ReplicaStatus). */
    public void replicas(String tableStatus, Map<String, String> replicaStatusByAwsRegion) {
        String replicas = replicaStatusByAwsRegion.entrySet().stream()
                .map(e -> "{\"RegionName\":\"" + e.getKey() + "\",\"ReplicaStatus\":\"" + e.getValue() + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
        String body = "{\"Table\":{\"TableName\":\"" + table + "\",\"TableStatus\":\"" + tableStatus + "\","
                + "\"TableArn\":\"arn:aws:dynamodb:eu-west-3:123456789012:table/" + table + "\","
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
                + "\"CreationDateTime\":1.7643E9,\"ItemCount\":1,\"TableSizeBytes\":64,"
                + "\"BillingModeSummary\":{\"BillingMode\":\"PAY_PER_REQUEST\"},"
                + "\"GlobalTableVersion\":\"2019.11.21\",\"Replicas\":" + replicas + "}}";
        server.stubFor(post(urlEqualTo("/")).atPriority(1)
                .withHeader("X-Amz-Target", equalTo(DESCRIBE_TABLE))
                .withRequestBody(matchingJsonPath("$.TableName", equalTo(table)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body)));
    }

    /** From now on GetMetricData answers this ReplicationLatency datapoint for {@code receivingRegion}. */
    public void replicationLatency(String receivingRegion, Datapoint datapoint) {
        latencyByReceivingRegion.put(receivingRegion, datapoint);
    }

    /** How many DescribeTable calls reached the stand-in. */
    public int describeTableCalls() {
        return server.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(DESCRIBE_TABLE))).size();
    }

    /** The GetMetricData requests received, decoded from CBOR. */
    public List<JsonNode> getMetricDataRequests() {
        return server.findAll(postRequestedFor(urlEqualTo(GET_METRIC_DATA))).stream().map(AwsStandIn::decode).toList();
    }

    /** The headers of the GetMetricData requests received. */
    public List<LoggedRequest> getMetricDataRequestsRaw() {
        return server.findAll(postRequestedFor(urlEqualTo(GET_METRIC_DATA)));
    }

    @Override
    public void close() {
        server.stop();
    }

    private static JsonNode decode(LoggedRequest request) {
        try {
            return CBOR.readTree(request.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException("GetMetricData request is not CBOR", e);
        }
    }

    /** Builds the GetMetricData answer from the queries in the request (Smithy RPC v2 CBOR, timestamps as tag 1 epoch seconds). */
    private final class GetMetricDataAnswer implements ResponseDefinitionTransformerV2 {

        static final String NAME = "cloudwatch-get-metric-data";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            JsonNode request = decode(serveEvent.getRequest());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CBORGenerator cbor = new CBORFactory().createGenerator(out)) {
                cbor.writeStartObject();
                cbor.writeFieldName("MetricDataResults");
                cbor.writeStartArray();
                for (JsonNode query : request.path("MetricDataQueries")) {
                    Datapoint datapoint = answerFor(query.path("MetricStat").path("Metric"));
                    cbor.writeStartObject();
                    cbor.writeStringField("Id", query.path("Id").asText());
                    cbor.writeStringField("Label", "ReplicationLatency");
                    cbor.writeFieldName("Timestamps");
                    cbor.writeStartArray();
                    if (datapoint != null) {
                        cbor.writeTag(1);
                        cbor.writeNumber(datapoint.at().getEpochSecond());
                    }
                    cbor.writeEndArray();
                    cbor.writeFieldName("Values");
                    cbor.writeStartArray();
                    if (datapoint != null) {
                        cbor.writeNumber(datapoint.milliseconds());
                    }
                    cbor.writeEndArray();
                    cbor.writeStringField("StatusCode", "Complete");
                    cbor.writeEndObject();
                }
                cbor.writeEndArray();
                cbor.writeFieldName("Messages");
                cbor.writeStartArray();
                cbor.writeEndArray();
                cbor.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/cbor")
                    .withHeader("smithy-protocol", "rpc-v2-cbor")
                    .withBody(out.toByteArray())
                    .build();
        }

        private Datapoint answerFor(JsonNode metric) {
            if (!"AWS/DynamoDB".equals(metric.path("Namespace").asText()) || !"ReplicationLatency".equals(metric.path("MetricName").asText())) {
                return null;
            }
            String tableName = null;
            String receivingRegion = null;
            for (JsonNode dimension : metric.path("Dimensions")) {
                switch (dimension.path("Name").asText()) {
                    case "TableName" -> tableName = dimension.path("Value").asText();
                    case "ReceivingRegion" -> receivingRegion = dimension.path("Value").asText();
                    default -> {
                        return null;
                    }
                }
            }
            return table.equals(tableName) && receivingRegion != null ? latencyByReceivingRegion.get(receivingRegion) : null;
        }
    }
}
