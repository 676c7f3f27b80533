package io.tripswitch.decision.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Rule 4: readiness of a candidate region. */
class ReadinessTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    private static final PolicyRules RULES = PolicyRules.defaults();
    private static final StoreSpec USERS = new StoreSpec("users", List.of("rbx"), Optional.of("gra"));
    private static final StoreSpec SESSIONS = new StoreSpec("sessions", List.of("gra", "rbx"), Optional.empty());

    private static RegionAssessment region(String id, RegionAssessment.Status status) {
        return new RegionAssessment(id, status, 2, 2, 0, 2, 2, NOW, NOW, List.of());
    }

    private static ReplicaLag lag(String store, String region, Long ms, boolean healthy, Duration age) {
        return new ReplicaLag(store, region, ms == null ? OptionalLong.empty() : OptionalLong.of(ms), healthy, NOW.minus(age));
    }

    private static Map<String, ReplicaLag> lags(ReplicaLag... lags) {
        return java.util.Arrays.stream(lags).collect(java.util.stream.Collectors.toMap(ReplicaLag::key, l -> l));
    }

    @Test
    void shouldBeReadyWhenUpAndEveryReplicaIsFreshAndWithinTheMaximumLag() {
        // given rbx UP, its users replica 1.2 s behind and its sessions replica 0.3 s behind, both measured 2 s ago
        Map<String, ReplicaLag> lags = lags(lag("users", "rbx", 1200L, true, Duration.ofSeconds(2)),
                lag("sessions", "rbx", 300L, true, Duration.ofSeconds(2)));
        // when
        Readiness readiness = Readiness.of("rbx", region("rbx", RegionAssessment.Status.UP), List.of(USERS, SESSIONS), lags, RULES, NOW);
        // then ready, with the worst lag
        assertThat(readiness.ready()).isTrue();
        assertThat(readiness.worstLagMs()).hasValue(1200L);
    }

    @Test
    void shouldNotBeReadyWhenAReplicaIsFurtherBehindThanTheMaximum() {
        Readiness readiness = Readiness.of("rbx", region("rbx", RegionAssessment.Status.UP), List.of(USERS),
                lags(lag("users", "rbx", 5001L, true, Duration.ofSeconds(1))), RULES, NOW);
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reason()).contains("users is 5001 ms behind (max 5000 ms)");
    }

    @Test
    void shouldNotBeReadyWhenTheLagMeasurementIsStale() {
        Readiness readiness = Readiness.of("rbx", region("rbx", RegionAssessment.Status.UP), List.of(USERS),
                lags(lag("users", "rbx", 10L, true, Duration.ofSeconds(31))), RULES, NOW);
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reason()).contains("stale");
    }

    @Test
    void shouldNotBeReadyWhenReplicationIsBrokenOrTheLagUnmeasured() {
        Readiness broken = Readiness.of("rbx", region("rbx", RegionAssessment.Status.UP), List.of(USERS),
                lags(lag("users", "rbx", 0L, false, Duration.ofSeconds(1))), RULES, NOW);
        Readiness unmeasured = Readiness.of("rbx", region("rbx", RegionAssessment.Status.UP), List.of(USERS),
                lags(lag("users", "rbx", null, true, Duration.ofSeconds(1))), RULES, NOW);
        assertThat(broken.ready()).isFalse();
        assertThat(broken.reason()).contains("broken");
        assertThat(unmeasured.ready()).isFalse();
        assertThat(unmeasured.reason()).contains("could not be measured");
    }

    @Test
    void shouldNotBeReadyWithoutAnyLagMeasurement() {
        Readiness readiness = Readiness.of("rbx", region("rbx", RegionAssessment.Status.UP), List.of(USERS), Map.of(), RULES, NOW);
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reason()).contains("no lag measured for users");
    }

    @Test
    void shouldNotBeReadyUnlessUp() {
        for (RegionAssessment.Status status : List.of(RegionAssessment.Status.SUSPECT, RegionAssessment.Status.UNKNOWN, RegionAssessment.Status.DOWN)) {
            assertThat(Readiness.of("rbx", region("rbx", status), List.of(), Map.of(), RULES, NOW).ready()).as(status.name()).isFalse();
        }
        assertThat(Readiness.of("rbx", null, List.of(), Map.of(), RULES, NOW).ready()).isFalse();
    }

    @Test
    void shouldTreatTheStoresPrimaryRegionAsNeverBehind() {
        Readiness readiness = Readiness.of("gra", region("gra", RegionAssessment.Status.UP), List.of(USERS), Map.of(), RULES, NOW);
        assertThat(readiness.ready()).isTrue();
        assertThat(readiness.worstLagMs()).isEmpty();
    }

    @Test
    void shouldBeReadyWhenUpAndTheGroupHasNoStore() {
        assertThat(Readiness.of("rbx", region("rbx", RegionAssessment.Status.UP), List.of(), Map.of(), RULES, NOW).ready()).isTrue();
    }
}
