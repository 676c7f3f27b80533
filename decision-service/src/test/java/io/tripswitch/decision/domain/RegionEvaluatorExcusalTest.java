package io.tripswitch.decision.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.decision.domain.RegionAssessment.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** All regions judged together (DESIGN.md, "Failover policy" 3): observers excused while their own region is DOWN. */
class RegionEvaluatorExcusalTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Deployment THREE = new Deployment(
            Map.of("gra", List.of("app1"), "rbx", List.of("app1"), "sbg", List.of("app1")), List.of("gra", "rbx", "sbg"),
            Map.of("app", List.of("gra", "rbx", "sbg")));
    private static final Deployment TWO = new Deployment(Map.of("gra", List.of("app1"), "rbx", List.of("app1")), List.of("gra", "rbx"),
            Map.of("app", List.of("gra", "rbx")));
    private static final Deployment THREE_AND_EXT = new Deployment(
            Map.of("gra", List.of("app1"), "rbx", List.of("app1"), "sbg", List.of("app1")), List.of("gra", "rbx", "sbg", "ext"),
            Map.of("app", List.of("gra", "rbx", "sbg")));

    private final MutableClock clock = new MutableClock(T0);

    /** What each observer sees of each region, as "observer>region" → view status. */
    private final Map<String, RegionView.Status> world = new TreeMap<>();

    private void sees(String observer, String region, RegionView.Status status) {
        world.put(observer + ">" + region, status);
    }

    private Map<String, RegionAssessment> judge(Deployment deployment) {
        Map<String, List<RegionView>> views = new TreeMap<>();
        for (String region : deployment.endpointsByRegion().keySet()) {
            List<RegionView> list = new ArrayList<>();
            for (String observer : deployment.observers()) {
                RegionView.Status status = world.getOrDefault(observer + ">" + region, RegionView.Status.UP);
                list.add(new RegionView(observer, status, status == RegionView.Status.UP ? 1 : 0, T0));
            }
            views.put(region, list);
        }
        return new RegionEvaluator(deployment, HealthRules.defaults(), clock).evaluate(views, Map.of());
    }

    private void regionDiesWithItsProbe(String region, Deployment deployment) {
        for (String observer : deployment.observers()) {
            sees(observer, region, RegionView.Status.DOWN);
        }
        for (String other : deployment.endpointsByRegion().keySet()) {
            sees(region, other, RegionView.Status.STALE);
        }
    }

    @Test
    void shouldKeepTheSurvivorsUpWhenARegionDiesWithItsOwnProbe() {
        // given gra is seen DOWN by rbx and sbg, and gra's probe is silent (STALE) about everyone
        regionDiesWithItsProbe("gra", THREE);
        // when all regions are judged
        Map<String, RegionAssessment> states = judge(THREE);
        // then gra is DOWN, and rbx and sbg are UP: gra's silent observer is excused, the one left is a quorum of one
        assertThat(states.get("gra").status()).isEqualTo(Status.DOWN);
        for (String survivor : List.of("rbx", "sbg")) {
            RegionAssessment state = states.get(survivor);
            assertThat(state.status()).as(survivor).isEqualTo(Status.UP);
            assertThat(state.observersExcused()).isEqualTo(1);
            assertThat(state.observersReporting()).isEqualTo(1);
            assertThat(state.views()).filteredOn(view -> view.observer().equals("gra")).singleElement()
                    .satisfies(view -> assertThat(view.excused()).isTrue());
        }
    }

    @Test
    void shouldKeepTheSurvivorsUpWhenADeadRegionsProbeSeesEverythingDown() {
        // given gra is cut off: its probe still runs and sees every region DOWN, the others see gra DOWN
        regionDiesWithItsProbe("gra", THREE);
        sees("gra", "rbx", RegionView.Status.DOWN);
        sees("gra", "sbg", RegionView.Status.DOWN);
        // then gra's views of others do not count: rbx and sbg stay UP
        Map<String, RegionAssessment> states = judge(THREE);
        assertThat(states.get("rbx").status()).isEqualTo(Status.UP);
        assertThat(states.get("sbg").status()).isEqualTo(Status.UP);
        assertThat(states.get("rbx").observersDown()).isZero();
    }

    @Test
    void shouldCallASecondRegionDownAfterAFirstOnTheOneObserverLeft() {
        // given gra is DOWN (with its probe), and sbg now sees rbx DOWN too
        regionDiesWithItsProbe("gra", THREE);
        sees("sbg", "rbx", RegionView.Status.DOWN);
        // then rbx is DOWN: E = {sbg}, q = 1
        Map<String, RegionAssessment> states = judge(THREE);
        assertThat(states.get("rbx").status()).isEqualTo(Status.DOWN);
        assertThat(states.get("sbg").status()).isEqualTo(Status.UP);
    }

    @Test
    void shouldNotExcuseAnyoneForARegionOnlySuspected() {
        // given a one-sided partition: only rbx sees gra DOWN; gra's probe is silent
        sees("rbx", "gra", RegionView.Status.DOWN);
        for (String region : List.of("gra", "rbx", "sbg")) {
            sees("gra", region, RegionView.Status.STALE);
        }
        // then gra is only SUSPECT, nobody is excused, and rbx and sbg are UNKNOWN (1 of 2 report, quorum 2), not UP
        Map<String, RegionAssessment> states = judge(THREE);
        assertThat(states.get("gra").status()).isEqualTo(Status.SUSPECT);
        assertThat(states.get("rbx").status()).isEqualTo(Status.UNKNOWN);
        assertThat(states.get("rbx").observersExcused()).isZero();
        assertThat(states.values()).allSatisfy(state -> assertThat(state.views()).noneMatch(RegionView::excused));
    }

    @Test
    void shouldNeverLetAnExcusedObserverHelpCallARegionDown() {
        // given gra is DOWN and its (cut-off) probe sees rbx DOWN, while sbg sees rbx UP
        regionDiesWithItsProbe("gra", THREE);
        sees("gra", "rbx", RegionView.Status.DOWN);
        // then rbx is UP: gra's DOWN view of it is excused
        Map<String, RegionAssessment> states = judge(THREE);
        assertThat(states.get("rbx").status()).isEqualTo(Status.UP);
        assertThat(states.get("rbx").observersDown()).isZero();
    }

    @Test
    void shouldLetTheSurvivorsOwnObserverVouchForItInTwoRegions() {
        // given two regions: gra dies with its probe; rbx's own probe sees rbx UP
        regionDiesWithItsProbe("gra", TWO);
        // then gra is DOWN (rbx sees it DOWN, quorum 1) and rbx is UP on its own word
        Map<String, RegionAssessment> states = judge(TWO);
        assertThat(states.get("gra").status()).isEqualTo(Status.DOWN);
        assertThat(states.get("rbx").status()).isEqualTo(Status.UP);
        assertThat(states.get("rbx").observersExcused()).isEqualTo(1);
    }

    @Test
    void shouldNeverLetARegionsOwnObserverCallItDown() {
        // given two regions: gra dies with its probe; rbx's own probe sees rbx DOWN (or nothing)
        regionDiesWithItsProbe("gra", TWO);
        sees("rbx", "rbx", RegionView.Status.DOWN);
        // then rbx is UNKNOWN, never DOWN
        assertThat(judge(TWO).get("rbx").status()).isEqualTo(Status.UNKNOWN);
        sees("rbx", "rbx", RegionView.Status.STALE);
        assertThat(judge(TWO).get("rbx").status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void shouldNeverExcuseAnObserverThatIsNotARegion() {
        // given gra is DOWN with its probe; the external probe is silent
        regionDiesWithItsProbe("gra", THREE_AND_EXT);
        for (String region : List.of("gra", "rbx", "sbg")) {
            sees("ext", region, RegionView.Status.STALE);
        }
        // then for rbx: C = {gra, sbg, ext}, gra excused, E = {sbg, ext}, q = 2, only sbg reports: UNKNOWN
        Map<String, RegionAssessment> states = judge(THREE_AND_EXT);
        assertThat(states.get("rbx").status()).isEqualTo(Status.UNKNOWN);
        assertThat(states.get("rbx").views()).filteredOn(view -> view.observer().equals("ext")).allMatch(RegionView::counts);
    }

    @Test
    void shouldJudgeEveryRegionByThePlainQuorumRulesWhileNoneIsDown() {
        sees("rbx", "gra", RegionView.Status.DOWN);
        Map<String, RegionAssessment> states = judge(THREE);
        assertThat(states.get("gra").status()).isEqualTo(Status.SUSPECT);
        assertThat(states.get("rbx").status()).isEqualTo(Status.UP);
        assertThat(states.get("sbg").status()).isEqualTo(Status.UP);
    }
}
