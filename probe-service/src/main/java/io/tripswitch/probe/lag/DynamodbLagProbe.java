package io.tripswitch.probe.lag;

import io.smallrye.mutiny.Uni;
import io.tripswitch.config.InvalidConfigException;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.probe.lag.DynamodbLagAssessment.Attempt;
import io.tripswitch.probe.lag.DynamodbLagAssessment.CanaryRead;
import io.tripswitch.probe.lag.DynamodbLagAssessment.Latency;
import io.tripswitch.probe.lag.DynamodbLagAssessment.TableStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReplicaDescription;

/**
 * Measures the lag of a DynamoDB global table's replicas (docs/decisions/0005-dynamodb-lag.md): replica status from
 * DescribeTable and {@code ReplicationLatency} from CloudWatch, both in the source region, and a canary item written
 * in the source region and read, strongly consistent, in each replica region until it shows or the time runs out.
 * Everything runs on the AWS SDK's asynchronous clients (Netty, never Quarkus' event loop) and is bounded by the
 * probe's lag timeout. Credentials come from the SDK's default provider chain only.
 */
public final class DynamodbLagProbe implements LagProbe {

    /** Attribute of the canary item holding the value written (ms on the probe's clock, strictly increasing). */
    static final String WRITTEN_AT = "tripswitch_written_at_ms";
    /** Namespace and name of the metric DynamoDB publishes in the source region per receiving region. */
    static final String NAMESPACE = "AWS/DynamoDB";
    static final String METRIC = "ReplicationLatency";
    /** How far back CloudWatch is asked for the newest ReplicationLatency datapoint (1-minute periods, published late). */
    static final Duration CLOUDWATCH_WINDOW = Duration.ofMinutes(5);
    /**
     * Tries per call: one retry for a transient error. The SDK's default for DynamoDB (9 attempts with back-off) would
     * spend the whole lag timeout on a dead region and hide the cause behind "did not complete before the timeout".
     */
    static final int ATTEMPTS = 2;
    /** Pause between two reads of the canary in a replica that does not show the newest write yet. */
    static final Duration POLL_STEP = Duration.ofMillis(100);

    private final String store;
    private final String table;
    private final String partitionKey;
    private final String canaryKey;
    private final String sourceRegion;
    private final Map<String, String> awsRegionOf;
    private final Map<String, DynamoDbAsyncClient> dynamodb;
    private final CloudWatchAsyncClient cloudwatch;
    private final SdkAsyncHttpClient http;
    private final DefaultCredentialsProvider credentials;
    private final Clock clock;
    private final Duration timeout;
    private final DynamodbLagAssessment assessment;
    private final CanaryLedger ledger = new CanaryLedger();

    private DynamodbLagProbe(String store, TripswitchConfig.DynamodbStore settings, String sourceRegion, List<String> replicaRegions,
            String probeId, Clock clock, Duration timeout) {
        this.store = store;
        this.table = settings.table();
        this.partitionKey = settings.partitionKey();
        this.canaryKey = "tripswitch-canary#" + probeId;
        this.sourceRegion = sourceRegion;
        this.clock = clock;
        this.timeout = timeout;
        Map<String, String> awsRegions = new LinkedHashMap<>();
        settings.regions().forEach((region, aws) -> awsRegions.put(region, aws.awsRegion()));
        this.awsRegionOf = Map.copyOf(awsRegions);
        this.assessment = new DynamodbLagAssessment(store, table, sourceRegion, replicaRegions, awsRegionOf);

        // One small Netty client for every region's clients: the probe makes a handful of calls per interval.
        this.http = NettyNioAsyncHttpClient.builder()
                .eventLoopGroupBuilder(SdkEventLoopGroup.builder().numberOfThreads(2))
                .connectionTimeout(timeout)
                .build();
        this.credentials = DefaultCredentialsProvider.builder().build();
        Map<String, DynamoDbAsyncClient> clients = new LinkedHashMap<>();
        settings.regions().forEach((region, aws) -> {
            var builder = DynamoDbAsyncClient.builder()
                    .region(Region.of(aws.awsRegion()))
                    .credentialsProvider(credentials)
                    .httpClient(http)
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout).retryStrategy(r -> r.maxAttempts(ATTEMPTS)));
            aws.endpoint().ifPresent(builder::endpointOverride);
            clients.put(region, builder.build());
        });
        this.dynamodb = Map.copyOf(clients);
        TripswitchConfig.DynamodbRegion source = settings.regions().get(sourceRegion);
        var cloudwatchBuilder = CloudWatchAsyncClient.builder()
                .region(Region.of(source.awsRegion()))
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(o -> o.apiCallTimeout(timeout).retryStrategy(r -> r.maxAttempts(ATTEMPTS)));
        source.cloudwatchEndpoint().ifPresent(cloudwatchBuilder::endpointOverride);
        this.cloudwatch = cloudwatchBuilder.build();
    }

    /**
     * The probe of store {@code storeId} as configured under {@code tripswitch.stores}; the source region is the
     * store's primary, or its first replica for a multi-primary table. Throws {@link InvalidConfigException} naming
     * the key when the store is not a DynamoDB store with its {@code dynamodb} settings.
     */
    public static DynamodbLagProbe from(String storeId, TripswitchConfig.Store store, TripswitchConfig.Probe probe, String probeId,
            Clock clock) {
        String key = "tripswitch.stores." + storeId;
        if (store.kind() != TripswitchConfig.StoreKind.DYNAMODB) {
            throw new InvalidConfigException(List.of(key + ".kind: a DynamoDB lag probe needs a store of kind dynamodb"));
        }
        TripswitchConfig.DynamodbStore settings = store.dynamodb().orElseThrow(() -> new InvalidConfigException(List.of(
                key + ".dynamodb: required for a dynamodb store the probe measures (table and each region's AWS region)")));
        String source = sourceRegion(store);
        List<String> missing = new ArrayList<>();
        for (String region : regionsOf(store, source)) {
            if (!settings.regions().containsKey(region)) {
                missing.add(key + ".dynamodb.regions: no entry for region '" + region + "' of the store");
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidConfigException(missing);
        }
        return new DynamodbLagProbe(storeId, settings, source, store.replicas(), probeId, clock, probe.lagTimeout());
    }

    /** The region the canary is written in: the primary, else the first replica listed. */
    static String sourceRegion(TripswitchConfig.Store store) {
        return store.primary().orElseGet(() -> store.replicas().get(0));
    }

    private static List<String> regionsOf(TripswitchConfig.Store store, String source) {
        List<String> regions = new ArrayList<>(store.replicas());
        if (!regions.contains(source)) {
            regions.add(source);
        }
        return regions;
    }

    @Override
    public String store() {
        return store;
    }

    /** The region the canary is written in and CloudWatch is asked. */
    public String sourceRegion() {
        return sourceRegion;
    }

    @Override
    public Uni<List<LagReading>> measure() {
        // Deferred: every subscription is a new measurement, stamped when it starts.
        return Uni.createFrom().deferred(this::measureNow)
                // Each call is bounded by the SDK's apiCallTimeout; this only guards against a future that never completes.
                .ifNoItem().after(timeout.plus(timeout))
                .recoverWithItem(() -> assessment.allBroken("measurement did not finish within " + timeout.plus(timeout).toMillis() + " ms"))
                .onFailure().recoverWithItem(failure -> assessment.allBroken("measurement failed: " + describe(failure)));
    }

    private Uni<List<LagReading>> measureNow() {
        long startMs = clock.millis();
        long pollUntilMs = startMs + pollingBudget().toMillis();
        long endMs = startMs + timeout.toMillis();
        Uni<Attempt<TableStatus>> describe = attempt(() -> dynamodb.get(sourceRegion).describeTable(r -> r.tableName(table)))
                .map(outcome -> outcome.succeeded() ? Attempt.ok(tableStatus(outcome.value())) : Attempt.failed(outcome.failure()));
        Uni<Attempt<Map<String, Latency>>> latencies = replicationLatencies(Instant.ofEpochMilli(startMs));
        Uni<CanaryOutcome> canary = writeCanary().flatMap(write -> write.succeeded()
                ? readCanaries(write.value(), pollUntilMs, endMs).map(reads -> new CanaryOutcome(write, reads))
                : Uni.createFrom().item(new CanaryOutcome(write, Map.of())));
        return Uni.combine().all().unis(describe, latencies, canary)
                .with((tableStatus, cloudwatchLatencies, canaryOutcome) ->
                        assessment.readings(tableStatus, cloudwatchLatencies, canaryOutcome.write(), canaryOutcome.reads()));
    }

    private record CanaryOutcome(Attempt<Long> write, Map<String, Attempt<CanaryRead>> reads) {
    }

    /** Polling stops here so that the last read, the CloudWatch call and the combination fit in the lag timeout. */
    private Duration pollingBudget() {
        return timeout.multipliedBy(4).dividedBy(5);
    }

    private Uni<Attempt<Long>> writeCanary() {
        long value = ledger.nextValue(clock.millis());
        Map<String, AttributeValue> item = Map.of(
                partitionKey, AttributeValue.fromS(canaryKey),
                WRITTEN_AT, AttributeValue.fromN(Long.toString(value)));
        return attempt(() -> dynamodb.get(sourceRegion).putItem(r -> r.tableName(table).item(item)))
                .map(outcome -> {
                    if (!outcome.succeeded()) {
                        return Attempt.failed(outcome.failure());
                    }
                    ledger.acknowledged(value, clock.millis());
                    return Attempt.ok(value);
                });
    }

    private Uni<Map<String, Attempt<CanaryRead>>> readCanaries(long written, long deadlineMs, long endMs) {
        List<String> regions = assessment.replicaRegionsOtherThanSource();
        if (regions.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<Attempt<CanaryRead>>> reads = regions.stream().map(region -> pollCanary(region, written, deadlineMs, endMs)).toList();
        return Uni.combine().all().unis(reads).with(results -> {
            Map<String, Attempt<CanaryRead>> byRegion = new LinkedHashMap<>();
            for (int i = 0; i < regions.size(); i++) {
                @SuppressWarnings("unchecked")
                Attempt<CanaryRead> read = (Attempt<CanaryRead>) results.get(i);
                byRegion.put(regions.get(i), read);
            }
            return byRegion;
        });
    }

    /**
     * Reads the canary in {@code region} until it shows {@code written} or {@code deadlineMs} passes; each read must
     * answer by {@code endMs}, the end of the measurement's time.
     */
    private Uni<Attempt<CanaryRead>> pollCanary(String region, long written, long deadlineMs, long endMs) {
        Duration left = Duration.ofMillis(Math.max(POLL_STEP.toMillis(), endMs - clock.millis()));
        return attempt(() -> dynamodb.get(region).getItem(r -> r.tableName(table).consistentRead(true)
                        .key(Map.of(partitionKey, AttributeValue.fromS(canaryKey)))
                        .overrideConfiguration(o -> o.apiCallTimeout(left))))
                .flatMap(outcome -> {
                    long readAt = clock.millis();
                    if (!outcome.succeeded()) {
                        return Uni.createFrom().item(Attempt.<CanaryRead>failed(outcome.failure()));
                    }
                    OptionalLong visible = writtenAt(outcome.value());
                    if (visible.isPresent() && visible.getAsLong() >= written) {
                        return Uni.createFrom().item(Attempt.ok(new CanaryRead(ledger.sinceAcknowledged(written, readAt), true)));
                    }
                    if (readAt + POLL_STEP.toMillis() >= deadlineMs) {
                        return Uni.createFrom().item(Attempt.ok(new CanaryRead(ledger.lagMs(visible, readAt), false)));
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(POLL_STEP)
                            .flatMap(ignored -> pollCanary(region, written, deadlineMs, endMs));
                });
    }

    private OptionalLong writtenAt(GetItemResponse response) {
        if (!response.hasItem() || !response.item().containsKey(WRITTEN_AT) || response.item().get(WRITTEN_AT).n() == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(response.item().get(WRITTEN_AT).n()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private Uni<Attempt<Map<String, Latency>>> replicationLatencies(Instant now) {
        Map<String, String> queryIdOfAwsRegion = new LinkedHashMap<>();
        String sourceAws = awsRegionOf.get(sourceRegion);
        for (String region : assessment.replicaRegionsOtherThanSource()) {
            String aws = awsRegionOf.get(region);
            if (!aws.equals(sourceAws) && !queryIdOfAwsRegion.containsKey(aws)) {
                queryIdOfAwsRegion.put(aws, "r" + queryIdOfAwsRegion.size());
            }
        }
        if (queryIdOfAwsRegion.isEmpty()) {
            return Uni.createFrom().item(Attempt.ok(Map.of()));
        }
        List<MetricDataQuery> queries = new ArrayList<>();
        queryIdOfAwsRegion.forEach((aws, id) -> queries.add(MetricDataQuery.builder()
                .id(id)
                .metricStat(stat -> stat.period(60).stat("Maximum").metric(metric -> metric
                        .namespace(NAMESPACE)
                        .metricName(METRIC)
                        .dimensions(Dimension.builder().name("TableName").value(table).build(),
                                Dimension.builder().name("ReceivingRegion").value(aws).build())))
                .returnData(true)
                .build()));
        return attempt(() -> cloudwatch.getMetricData(r -> r.metricDataQueries(queries)
                        .startTime(now.minus(CLOUDWATCH_WINDOW))
                        .endTime(now)
                        .scanBy(ScanBy.TIMESTAMP_DESCENDING)))
                .map(outcome -> outcome.succeeded()
                        ? Attempt.ok(latencies(outcome.value(), queryIdOfAwsRegion))
                        : Attempt.failed(outcome.failure()));
    }

    private static Map<String, Latency> latencies(GetMetricDataResponse response, Map<String, String> queryIdOfAwsRegion) {
        Map<String, Latency> latencies = new LinkedHashMap<>();
        queryIdOfAwsRegion.forEach((aws, id) -> response.metricDataResults().stream()
                .filter(result -> id.equals(result.id()))
                .findFirst()
                .flatMap(DynamodbLagProbe::newest)
                .ifPresent(latency -> latencies.put(aws, latency)));
        return latencies;
    }

    private static Optional<Latency> newest(MetricDataResult result) {
        Latency newest = null;
        for (int i = 0; i < Math.min(result.timestamps().size(), result.values().size()); i++) {
            Instant at = result.timestamps().get(i);
            if (newest == null || at.isAfter(newest.at())) {
                newest = new Latency(Math.round(result.values().get(i)), at);
            }
        }
        return Optional.ofNullable(newest);
    }

    private static TableStatus tableStatus(DescribeTableResponse response) {
        Map<String, String> replicas = new LinkedHashMap<>();
        if (response.table().hasReplicas()) {
            for (ReplicaDescription replica : response.table().replicas()) {
                replicas.put(replica.regionName(), replica.replicaStatusAsString());
            }
        }
        return new TableStatus(response.table().tableStatusAsString(), replicas);
    }

    /** Runs one SDK call; its failure becomes a value, so one broken region never fails the whole measurement. */
    private static <T> Uni<Attempt<T>> attempt(Supplier<CompletableFuture<T>> call) {
        return Uni.createFrom().completionStage(call)
                .map(Attempt::ok)
                .onFailure().recoverWithItem(failure -> Attempt.failed(describe(failure)));
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    @Override
    public void close() {
        dynamodb.values().forEach(DynamoDbAsyncClient::close);
        cloudwatch.close();
        http.close();
        credentials.close();
    }
}
