package io.tripswitch.probe.lag;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.config.TripswitchConfig.StoreKind;
import io.tripswitch.probe.lag.DynamodbLagAssessment.Attempt;
import io.tripswitch.probe.lag.DynamodbLagAssessment.CanaryRead;
import io.tripswitch.probe.lag.DynamodbLagAssessment.Latency;
import io.tripswitch.probe.lag.DynamodbLagAssessment.TableStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynamodbLagAssessmentTest {

    private static final Instant AT = Instant.parse("2026-11-25T20:00:00Z");
    private final DynamodbLagAssessment assessment = new DynamodbLagAssessment("sessions", "sessions", "gra", List.of("gra", "rbx"),
            Map.of("gra", "eu-west-3", "rbx", "eu-central-1"));

    private static final Attempt<TableStatus> ALL_ACTIVE = Attempt.ok(new TableStatus("ACTIVE", Map.of("eu-central-1", "ACTIVE")));
    private static final Attempt<Long> WRITTEN = Attempt.ok(1_000L);

    @Test
    void shouldTakeTheLargerOfCanaryAndCloudWatch() {
        // when
        List<LagReading> readings = assessment.readings(ALL_ACTIVE, Attempt.ok(Map.of("eu-central-1", new Latency(900, AT))), WRITTEN,
                Map.of("rbx", Attempt.ok(new CanaryRead(300, true))));

        // then
        assertThat(readings).hasSize(2);
        LagReading rbx = readings.get(1);
        assertThat(rbx.healthy()).isTrue();
        assertThat(rbx.kind()).isEqualTo(StoreKind.DYNAMODB);
        assertThat(rbx.lagMs()).hasValue(900);
        assertThat(rbx.detail()).isEqualTo("canary 300 ms (newest write seen); CloudWatch ReplicationLatency 900 ms at " + AT);
    }

    @Test
    void shouldUseTheCanaryAloneWhenCloudWatchHasNoDatapoint() {
        // when
        LagReading rbx = assessment.readings(ALL_ACTIVE, Attempt.ok(Map.of()), WRITTEN,
                Map.of("rbx", Attempt.ok(new CanaryRead(2_400, false)))).get(1);

        // then
        assertThat(rbx.healthy()).isTrue();
        assertThat(rbx.lagMs()).hasValue(2_400);
        assertThat(rbx.detail()).contains("newest write not seen yet").contains("no recent ReplicationLatency datapoint");
    }

    @Test
    void shouldReadTheSourceRegionAsZeroLag() {
        // when
        LagReading gra = assessment.readings(ALL_ACTIVE, Attempt.ok(Map.of()), WRITTEN, Map.of("rbx", Attempt.ok(new CanaryRead(0, true)))).get(0);

        // then
        assertThat(gra.replicaRegion()).isEqualTo("gra");
        assertThat(gra.sourceRegion()).isEqualTo("gra");
        assertThat(gra.healthy()).isTrue();
        assertThat(gra.lagMs()).hasValue(0);
    }

    @Test
    void shouldNeverReportALagForAReplicaThatIsNotActiveEvenIfTheCanaryLooksFine() {
        // when
        LagReading rbx = assessment.readings(Attempt.ok(new TableStatus("ACTIVE", Map.of("eu-central-1", "REPLICATION_NOT_AUTHORIZED"))),
                Attempt.ok(Map.of()), WRITTEN, Map.of("rbx", Attempt.ok(new CanaryRead(0, true)))).get(1);

        // then
        assertThat(rbx.healthy()).isFalse();
        assertThat(rbx.lagMs()).isEmpty();
        assertThat(rbx.detail()).startsWith("replica status REPLICATION_NOT_AUTHORIZED in eu-central-1").contains("canary 0 ms");
    }

    @Test
    void shouldMakeEveryReadingUnhealthyWhenTheCanaryCannotBeWritten() {
        // when
        List<LagReading> readings = assessment.readings(ALL_ACTIVE, Attempt.ok(Map.of()), Attempt.failed("Connection refused"), Map.of());

        // then
        assertThat(readings).allSatisfy(reading -> {
            assertThat(reading.healthy()).isFalse();
            assertThat(reading.lagMs()).isEmpty();
            assertThat(reading.detail()).contains("canary write in gra failed: Connection refused");
        });
    }

    @Test
    void shouldKeepTheCanaryFigureAndSaySoWhenCloudWatchFails() {
        // when
        LagReading rbx = assessment.readings(ALL_ACTIVE, Attempt.failed("throttled"), WRITTEN,
                Map.of("rbx", Attempt.ok(new CanaryRead(120, true)))).get(1);

        // then
        assertThat(rbx.healthy()).isTrue();
        assertThat(rbx.lagMs()).hasValue(120);
        assertThat(rbx.detail()).isEqualTo("canary 120 ms (newest write seen); CloudWatch GetMetricData in gra failed, canary figure only: throttled");
    }

    @Test
    void shouldTakeTheTableStatusForTheSourceRegionWhenDescribeTableDoesNotListIt() {
        // when
        LagReading gra = assessment.readings(Attempt.ok(new TableStatus("UPDATING", Map.of("eu-central-1", "ACTIVE"))),
                Attempt.ok(Map.of()), WRITTEN, Map.of("rbx", Attempt.ok(new CanaryRead(0, true)))).get(0);

        // then
        assertThat(gra.healthy()).isFalse();
        assertThat(gra.detail()).isEqualTo("replica status UPDATING in eu-west-3");
    }

    @Test
    void shouldSkipCloudWatchForAReplicaInTheSourcesOwnAwsRegion() {
        // given
        DynamodbLagAssessment sameRegion = new DynamodbLagAssessment("sessions", "sessions", "gra", List.of("rbx"),
                Map.of("gra", "eu-west-3", "rbx", "eu-west-3"));

        // when
        LagReading rbx = sameRegion.readings(Attempt.ok(new TableStatus("ACTIVE", Map.of())), Attempt.failed("not asked"), WRITTEN,
                Map.of("rbx", Attempt.ok(new CanaryRead(40, true)))).get(0);

        // then
        assertThat(rbx.healthy()).isTrue();
        assertThat(rbx.lagMs()).hasValue(40);
        assertThat(rbx.detail()).contains("same AWS region as the source");
    }
}
