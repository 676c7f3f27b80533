package io.tripswitch.probe.lag;

import io.tripswitch.config.TripswitchConfig.StoreKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns what one measurement saw of a DynamoDB global table (DescribeTable in the source region, CloudWatch's
 * ReplicationLatency, the canary written in the source region and read in each replica) into one
 * {@link LagReading} per replica region. Rules (docs/decisions/0005-dynamodb-lag.md): DescribeTable or the canary failing, or a
 * replica that is not ACTIVE, makes the reading unhealthy, without a lag figure; otherwise the lag is the larger of
 * the canary's and CloudWatch's (the canary's alone when CloudWatch has no datapoint or fails).
 */
public final class DynamodbLagAssessment {

    static final String ACTIVE = "ACTIVE";

    private final String store;
    private final String table;
    private final String sourceRegion;
    private final List<String> replicaRegions;
    private final Map<String, String> awsRegionOf;

    /**
     * @param replicaRegions regions to report on, in order (the source region among them reads as lag 0)
     * @param awsRegionOf    AWS region of every replica region and of the source region
     */
    public DynamodbLagAssessment(String store, String table, String sourceRegion, List<String> replicaRegions,
            Map<String, String> awsRegionOf) {
        this.store = store;
        this.table = table;
        this.sourceRegion = sourceRegion;
        this.replicaRegions = List.copyOf(replicaRegions);
        this.awsRegionOf = Map.copyOf(awsRegionOf);
        if (!awsRegionOf.containsKey(sourceRegion) || !awsRegionOf.keySet().containsAll(replicaRegions)) {
            throw new IllegalArgumentException("every region needs its AWS region: " + awsRegionOf.keySet());
        }
    }

    /** The outcome of one remote call: a value, or why there is none. */
    public record Attempt<T>(T value, String failure) {

        public static <T> Attempt<T> ok(T value) {
            return new Attempt<>(Objects.requireNonNull(value), null);
        }

        public static <T> Attempt<T> failed(String failure) {
            return new Attempt<>(null, Objects.requireNonNull(failure));
        }

        public boolean succeeded() {
            return failure == null;
        }
    }

    /**
     * What DescribeTable said in the source region: the table's own status there, and each other replica's status by
     * AWS region (DynamoDB lists the replicas of a global table, version 2019.11.21, under {@code Table.Replicas}).
     */
    public record TableStatus(String tableStatus, Map<String, String> replicaStatusByAwsRegion) {

        public TableStatus {
            replicaStatusByAwsRegion = Map.copyOf(replicaStatusByAwsRegion);
        }

        Optional<String> statusIn(String awsRegion, String sourceAwsRegion) {
            String listed = replicaStatusByAwsRegion.get(awsRegion);
            if (listed == null && awsRegion.equals(sourceAwsRegion)) {
                return Optional.ofNullable(tableStatus);
            }
            return Optional.ofNullable(listed);
        }
    }

    /**
     * The canary as read in one replica region.
     *
     * @param lagMs    how long the oldest write the replica did not show had been acknowledged in the source region
     *                 (when {@code caughtUp}: how long after its acknowledgement the newest write was first seen)
     * @param caughtUp whether the replica showed the newest write within the measurement
     */
    public record CanaryRead(long lagMs, boolean caughtUp) {
    }

    /** The newest {@code ReplicationLatency} datapoint for one receiving region. */
    public record Latency(long ms, Instant at) {
    }

    /** One reading per replica region from what the measurement saw. */
    public List<LagReading> readings(Attempt<TableStatus> describe, Attempt<Map<String, Latency>> latencyByAwsRegion,
            Attempt<Long> canaryWrite, Map<String, Attempt<CanaryRead>> canaryReads) {
        List<LagReading> readings = new ArrayList<>();
        for (String region : replicaRegions) {
            readings.add(region.equals(sourceRegion)
                    ? sourceReading(describe, canaryWrite)
                    : replicaReading(region, describe, latencyByAwsRegion, canaryWrite, canaryReads.get(region)));
        }
        return readings;
    }

    /** The replica regions whose canary is read (all but the source region). */
    public List<String> replicaRegionsOtherThanSource() {
        return replicaRegions.stream().filter(region -> !region.equals(sourceRegion)).toList();
    }

    /** Every replica unhealthy for the same reason (e.g. the measurement as a whole ran out of time). */
    public List<LagReading> allBroken(String why) {
        return replicaRegions.stream()
                .map(region -> LagReading.broken(store, StoreKind.DYNAMODB, sourceRegion, region, why))
                .toList();
    }

    private LagReading sourceReading(Attempt<TableStatus> describe, Attempt<Long> canaryWrite) {
        List<String> problems = new ArrayList<>();
        statusProblem(sourceRegion, describe).ifPresent(problems::add);
        if (!canaryWrite.succeeded()) {
            problems.add("canary write in " + sourceRegion + " failed: " + canaryWrite.failure());
        }
        if (!problems.isEmpty()) {
            return LagReading.broken(store, StoreKind.DYNAMODB, sourceRegion, sourceRegion, String.join("; ", problems));
        }
        return new LagReading(store, StoreKind.DYNAMODB, sourceRegion, sourceRegion, OptionalLong.of(0), OptionalLong.empty(), true,
                "source region: the canary is written here");
    }

    private LagReading replicaReading(String region, Attempt<TableStatus> describe, Attempt<Map<String, Latency>> latencies,
            Attempt<Long> canaryWrite, Attempt<CanaryRead> canaryRead) {
        List<String> problems = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        statusProblem(region, describe).ifPresent(problems::add);

        OptionalLong canaryLag = OptionalLong.empty();
        if (!canaryWrite.succeeded()) {
            problems.add("canary write in " + sourceRegion + " failed: " + canaryWrite.failure());
        } else if (canaryRead == null) {
            problems.add("canary not read in " + region);
        } else if (!canaryRead.succeeded()) {
            problems.add("canary read in " + region + " failed: " + canaryRead.failure());
        } else {
            canaryLag = OptionalLong.of(canaryRead.value().lagMs());
            figures.add("canary " + canaryRead.value().lagMs() + " ms"
                    + (canaryRead.value().caughtUp() ? " (newest write seen)" : " (newest write not seen yet)"));
        }

        OptionalLong cloudwatchLag = OptionalLong.empty();
        String awsRegion = awsRegionOf.get(region);
        if (awsRegion.equals(awsRegionOf.get(sourceRegion))) {
            figures.add("same AWS region as the source, no ReplicationLatency");
        } else if (!latencies.succeeded()) {
            // The canary measured the same thing end to end; a throttled or unreachable CloudWatch must not block a failover.
            figures.add("CloudWatch GetMetricData in " + sourceRegion + " failed, canary figure only: " + latencies.failure());
        } else {
            Latency latency = latencies.value().get(awsRegion);
            if (latency == null) {
                figures.add("no recent ReplicationLatency datapoint");
            } else {
                cloudwatchLag = OptionalLong.of(latency.ms());
                figures.add("CloudWatch ReplicationLatency " + latency.ms() + " ms at " + latency.at());
            }
        }

        if (!problems.isEmpty()) {
            problems.addAll(figures);
            return LagReading.broken(store, StoreKind.DYNAMODB, sourceRegion, region, String.join("; ", problems));
        }
        long lag = Math.max(canaryLag.orElse(0), cloudwatchLag.orElse(0));
        return new LagReading(store, StoreKind.DYNAMODB, sourceRegion, region, OptionalLong.of(lag), OptionalLong.empty(), true,
                String.join("; ", figures));
    }

    private Optional<String> statusProblem(String region, Attempt<TableStatus> describe) {
        if (!describe.succeeded()) {
            return Optional.of("DescribeTable " + table + " in " + sourceRegion + " failed: " + describe.failure());
        }
        String awsRegion = awsRegionOf.get(region);
        Optional<String> status = describe.value().statusIn(awsRegion, awsRegionOf.get(sourceRegion));
        if (status.isEmpty()) {
            return Optional.of("table " + table + " has no replica in " + awsRegion);
        }
        if (!status.get().equals(ACTIVE)) {
            return Optional.of("replica status " + status.get() + " in " + awsRegion);
        }
        return Optional.empty();
    }
}
