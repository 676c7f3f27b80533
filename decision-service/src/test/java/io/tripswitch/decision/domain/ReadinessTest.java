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

    private static RegionAssessment region(String id, RegionAssessment.Status status, Instant since) {
        return new RegionAssessment(id, status, 2, 2, status == RegionAssessment.Status.DOWN ? 2 : 0, 2, 2, since, NOW, List.of());
    }

    private static Map<String, RegionAssessment> health(RegionAssessment... regions) {
        return java.util.Arrays.stream(regions).collect(java.util.stream.Collectors.toMap(RegionAssessment::region, r -> r));
    }

    private static ReplicaLag lag(String store, String region, Long ms, boolean healthy, Duration age) {
        return reading(store, region, "gra", ms, healthy, NOW.minus(age));
    }

    private static ReplicaLag reading(String store, String region, String source, Long ms, boolean healthy, Instant at) {
        return ReplicaLag.reading(store, region, source, ms == null ? OptionalLong.empty() : OptionalLong.of(ms), healthy, at);
    }

    /** The readings of one replica in order, each remembering the ones before it (as the group policy processor keeps them). */
    private static ReplicaLag history(ReplicaLag... readings) {
        ReplicaLag kept = readings[0];
        for (int i = 1; i < readings.length; i++) {
            kept = readings[i].following(kept);
        }
        return kept;
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
        Readiness readiness = Readiness.of("rbx", health(region("rbx", RegionAssessment.Status.UP)), List.of(USERS, SESSIONS), lags, RULES, NOW);
        // then ready, with the worst lag
        assertThat(readiness.ready()).isTrue();
        assertThat(readiness.worstLagMs()).hasValue(1200L);
    }

    @Test
    void shouldNotBeReadyWhenAReplicaIsFurtherBehindThanTheMaximum() {
        Readiness readiness = Readiness.of("rbx", health(region("rbx", RegionAssessment.Status.UP)), List.of(USERS),
                lags(lag("users", "rbx", 5001L, true, Duration.ofSeconds(1))), RULES, NOW);
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reason()).contains("users is 5001 ms behind (max 5000 ms)");
    }

    @Test
    void shouldNotBeReadyWhenTheLagMeasurementIsStale() {
        Readiness readiness = Readiness.of("rbx", health(region("rbx", RegionAssessment.Status.UP)), List.of(USERS),
                lags(lag("users", "rbx", 10L, true, Duration.ofSeconds(31))), RULES, NOW);
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reason()).contains("stale");
    }

    @Test
    void shouldNotBeReadyWhenReplicationIsBrokenOrTheLagUnmeasured() {
        Readiness broken = Readiness.of("rbx", health(region("rbx", RegionAssessment.Status.UP)), List.of(USERS),
                lags(lag("users", "rbx", 0L, false, Duration.ofSeconds(1))), RULES, NOW);
        Readiness unmeasured = Readiness.of("rbx", health(region("rbx", RegionAssessment.Status.UP)), List.of(USERS),
                lags(lag("users", "rbx", null, true, Duration.ofSeconds(1))), RULES, NOW);
        assertThat(broken.ready()).isFalse();
        assertThat(broken.reason()).contains("broken");
        assertThat(unmeasured.ready()).isFalse();
        assertThat(unmeasured.reason()).contains("could not be measured");
    }

    @Test
    void shouldNotBeReadyWithoutAnyLagMeasurement() {
        Readiness readiness = Readiness.of("rbx", health(region("rbx", RegionAssessment.Status.UP)), List.of(USERS), Map.of(), RULES, NOW);
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reason()).contains("no lag measured for users");
    }

    @Test
    void shouldNotBeReadyUnlessUp() {
        for (RegionAssessment.Status status : List.of(RegionAssessment.Status.SUSPECT, RegionAssessment.Status.UNKNOWN, RegionAssessment.Status.DOWN)) {
            assertThat(Readiness.of("rbx", health(region("rbx", status)), List.of(), Map.of(), RULES, NOW).ready()).as(status.name()).isFalse();
        }
        assertThat(Readiness.of("rbx", Map.of(), List.of(), Map.of(), RULES, NOW).ready()).isFalse();
    }

    @Test
    void shouldTreatTheStoresPrimaryRegionAsNeverBehind() {
        Readiness readiness = Readiness.of("gra", health(region("gra", RegionAssessment.Status.UP)), List.of(USERS), Map.of(), RULES, NOW);
        assertThat(readiness.ready()).isTrue();
        assertThat(readiness.worstLagMs()).isEmpty();
    }

    @Test
    void shouldBeReadyWhenUpAndTheGroupHasNoStore() {
        assertThat(Readiness.of("rbx", health(region("rbx", RegionAssessment.Status.UP)), List.of(), Map.of(), RULES, NOW).ready()).isTrue();
    }

    // --- a replica whose source was lost (docs/decisions/0007)

    private static final Instant BREAK = NOW.minus(Duration.ofMinutes(10));
    private static final RegionAssessment RBX_UP = region("rbx", RegionAssessment.Status.UP);

    /** gra DOWN since {@code offset} after the break (negative: before it). */
    private static RegionAssessment graDownSince(Duration offset) {
        return region("gra", RegionAssessment.Status.DOWN, BREAK.plus(offset));
    }

    /** rbx's users replica: healthy at {@code healthyAt} with {@code lagMs}, broken from BREAK on, last reported broken 1 s ago. */
    private static Map<String, ReplicaLag> brokenAfterHealthy(long lagMs, Instant healthyAt) {
        return lags(history(reading("users", "rbx", "gra", lagMs, true, healthyAt), reading("users", "rbx", "gra", null, false, BREAK),
                reading("users", "rbx", "gra", null, false, NOW.minusSeconds(1))));
    }

    @Test
    void shouldJudgeABrokenReplicaByItsLastHealthyReadingWhenItsSourceRegionIsDown() {
        // given rbx's replica 120 ms behind 5 s before replication broke, the break 10 minutes ago (3 s before gra was DOWN)
        Map<String, ReplicaLag> lags = brokenAfterHealthy(120, BREAK.minusSeconds(5));
        // when rbx is assessed with gra, the primary, DOWN
        Readiness readiness = Readiness.of("rbx", health(RBX_UP, graDownSince(Duration.ofSeconds(3))), List.of(USERS), lags, RULES, NOW);
        // then ready on the last healthy reading, though it is 10 minutes old now: its age at the break is what counts
        assertThat(readiness.ready()).isTrue();
        assertThat(readiness.worstLagMs()).hasValue(120L);
        assertThat(readiness.reason()).isEqualTo("rbx UP, replicas at most 120 ms behind; replication of users from gra lost at "
                + "2026-01-01T00:00:00Z (gra DOWN); last measured lag 120 ms at 2025-12-31T23:59:55Z");
    }

    @Test
    void shouldNotBeReadyWhenTheSourceIsDownButTheLastHealthyLagWasTooFarBehind() {
        Readiness readiness = Readiness.of("rbx", health(RBX_UP, graDownSince(Duration.ofSeconds(3))), List.of(USERS),
                brokenAfterHealthy(6_000, BREAK.minusSeconds(5)), RULES, NOW);
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reason()).isEqualTo("rbx: replication of users from gra lost at 2026-01-01T00:00:00Z (gra DOWN); "
                + "last measured lag 6000 ms at 2025-12-31T23:59:55Z (max 5000 ms)");
    }

    @Test
    void shouldNotBeReadyWhenTheLastHealthyReadingWasOlderThanLagStaleAfterAtTheBreak() {
        Map<String, RegionAssessment> health = health(RBX_UP, graDownSince(Duration.ofSeconds(3)));
        // given the last healthy reading 31 s before the break: not ready
        Readiness tooOld = Readiness.of("rbx", health, List.of(USERS), brokenAfterHealthy(120, BREAK.minusSeconds(31)), RULES, NOW);
        assertThat(tooOld.ready()).isFalse();
        assertThat(tooOld.reason()).endsWith("last healthy lag reading at 2025-12-31T23:59:29Z, 31 s before the break (stale after 30 s)");
        // and exactly lagStaleAfter before it: ready
        assertThat(Readiness.of("rbx", health, List.of(USERS), brokenAfterHealthy(120, BREAK.minusSeconds(30)), RULES, NOW).ready()).isTrue();
    }

    @Test
    void shouldNotJudgeByTheLastHealthyReadingWhileTheSourceRegionIsNotDown() {
        Map<String, ReplicaLag> lags = brokenAfterHealthy(120, BREAK.minusSeconds(5));
        for (RegionAssessment.Status status : List.of(RegionAssessment.Status.UP, RegionAssessment.Status.SUSPECT, RegionAssessment.Status.UNKNOWN)) {
            Readiness readiness = Readiness.of("rbx", health(RBX_UP, region("gra", status)), List.of(USERS), lags, RULES, NOW);
            assertThat(readiness.ready()).as(status.name()).isFalse();
            assertThat(readiness.reason()).as(status.name())
                    .isEqualTo("rbx: replication of users from gra is broken since 2026-01-01T00:00:00Z (gra " + status + ", not DOWN)");
        }
        Readiness unheard = Readiness.of("rbx", health(RBX_UP), List.of(USERS), lags, RULES, NOW);
        assertThat(unheard.ready()).isFalse();
        assertThat(unheard.reason()).contains("(gra not heard about, not DOWN)");
    }

    @Test
    void shouldNotBeReadyWhenReplicationWasNeverSeenHealthy() {
        Map<String, ReplicaLag> lags = lags(history(reading("users", "rbx", "gra", null, false, BREAK),
                reading("users", "rbx", "gra", null, false, NOW.minusSeconds(1))));
        Readiness readiness = Readiness.of("rbx", health(RBX_UP, graDownSince(Duration.ofSeconds(3))), List.of(USERS), lags, RULES, NOW);
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reason()).isEqualTo("rbx: replication of users from gra lost at 2026-01-01T00:00:00Z (gra DOWN) "
                + "with no healthy lag reading before it");
    }

    @Test
    void shouldClearTheBreakOnAHealthyReadingAfterIt() {
        Map<String, RegionAssessment> health = health(RBX_UP, graDownSince(Duration.ofSeconds(3)));
        // given a break, then a healthy reading 300 ms behind 20 s later
        ReplicaLag healed = history(reading("users", "rbx", "gra", 120L, true, BREAK.minusSeconds(5)), reading("users", "rbx", "gra", null, false, BREAK),
                reading("users", "rbx", "gra", 300L, true, BREAK.plusSeconds(20)));
        // then the break is gone
        assertThat(healed.brokenSince()).isEmpty();
        // when replication breaks again, it is dated from its own first broken reading and judged by the newer healthy reading
        ReplicaLag brokenAgain = history(healed, reading("users", "rbx", "gra", null, false, BREAK.plusSeconds(25)),
                reading("users", "rbx", "gra", null, false, NOW.minusSeconds(1)));
        assertThat(brokenAgain.brokenSince()).contains(BREAK.plusSeconds(25));
        Readiness readiness = Readiness.of("rbx", health, List.of(USERS), lags(brokenAgain), RULES, NOW);
        assertThat(readiness.ready()).isTrue();
        assertThat(readiness.reason()).contains("lost at 2026-01-01T00:00:25Z (gra DOWN); last measured lag 300 ms at 2026-01-01T00:00:20Z");
    }

    @Test
    void shouldDateABreakAfterAHealthyReadingWithoutAFigureFromThatBreak() {
        // given the last healthy figure 5 s before a first break, a healthy but unmeasured reading, then a second break 100 s later
        ReplicaLag kept = history(reading("users", "rbx", "gra", 120L, true, BREAK.minusSeconds(5)), reading("users", "rbx", "gra", null, false, BREAK),
                reading("users", "rbx", "gra", null, true, BREAK.plusSeconds(60)), reading("users", "rbx", "gra", null, false, BREAK.plusSeconds(100)),
                reading("users", "rbx", "gra", null, false, NOW.minusSeconds(1)));
        // then the figure is kept, but it is 105 s older than the (second) break: not ready
        assertThat(kept.lastHealthy()).contains(new ReplicaLag.Measurement(120, BREAK.minusSeconds(5)));
        assertThat(kept.brokenSince()).contains(BREAK.plusSeconds(100));
        Readiness readiness = Readiness.of("rbx", health(RBX_UP, graDownSince(Duration.ofSeconds(3))), List.of(USERS), lags(kept), RULES, NOW);
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reason()).contains("105 s before the break");
    }

    @Test
    void shouldNotBeReadyWhenReplicationBrokeLongBeforeTheSourceWentDown() {
        Map<String, ReplicaLag> lags = brokenAfterHealthy(120, BREAK.minusSeconds(5));
        // given gra DOWN only 31 s after replication broke: it may have taken writes rbx never got
        Readiness early = Readiness.of("rbx", health(RBX_UP, graDownSince(Duration.ofSeconds(31))), List.of(USERS), lags, RULES, NOW);
        assertThat(early.ready()).isFalse();
        assertThat(early.reason()).isEqualTo("rbx: replication of users from gra broke at 2026-01-01T00:00:00Z, more than 30 s before gra was "
                + "DOWN (since 2026-01-01T00:00:31Z): gra may have taken writes after the break");
        // and a break first reported after gra was already DOWN is the loss of gra
        assertThat(Readiness.of("rbx", health(RBX_UP, graDownSince(Duration.ofSeconds(-20))), List.of(USERS), lags, RULES, NOW).ready()).isTrue();
    }

    @Test
    void shouldStillRequireTheBrokenReportItselfToBeFresh() {
        Map<String, ReplicaLag> lags = lags(history(reading("users", "rbx", "gra", 120L, true, BREAK.minusSeconds(5)),
                reading("users", "rbx", "gra", null, false, BREAK)));
        Readiness readiness = Readiness.of("rbx", health(RBX_UP, graDownSince(Duration.ofSeconds(3))), List.of(USERS), lags, RULES, NOW);
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reason()).contains("last measured 600 s ago (stale after 30 s)");
    }

    @Test
    void shouldTakeTheSourceOfAStoreWithoutPrimaryFromTheReadingAndRequireBothWhenTheyDiffer() {
        // given sessions (no primary: a DynamoDB table whose canary is written in gra) broken in rbx after a healthy reading
        Map<String, ReplicaLag> sessions = lags(history(reading("sessions", "rbx", "gra", 80L, true, BREAK.minusSeconds(5)),
                reading("sessions", "rbx", "gra", null, false, BREAK), reading("sessions", "rbx", "gra", null, false, NOW.minusSeconds(1))));
        Readiness readiness = Readiness.of("rbx", health(RBX_UP, graDownSince(Duration.ofSeconds(3))), List.of(SESSIONS), sessions, RULES, NOW);
        assertThat(readiness.ready()).isTrue();
        assertThat(readiness.reason()).contains("replication of sessions from gra lost at");
        // and users (primary gra) whose probe names sbg as its source: sbg DOWN is not enough while gra, the primary, is UP
        Map<String, ReplicaLag> users = lags(history(reading("users", "rbx", "sbg", 80L, true, BREAK.minusSeconds(5)),
                reading("users", "rbx", "sbg", null, false, BREAK), reading("users", "rbx", "sbg", null, false, NOW.minusSeconds(1))));
        Readiness disagreeing = Readiness.of("rbx", health(RBX_UP, region("gra", RegionAssessment.Status.UP),
                region("sbg", RegionAssessment.Status.DOWN, BREAK)), List.of(USERS), users, RULES, NOW);
        assertThat(disagreeing.ready()).isFalse();
        assertThat(disagreeing.reason()).contains("from gra is broken since");
    }
}
