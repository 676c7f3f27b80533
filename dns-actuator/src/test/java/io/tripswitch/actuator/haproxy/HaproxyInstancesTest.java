package io.tripswitch.actuator.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tripswitch.actuator.domain.ActuationSink;
import io.tripswitch.actuator.domain.AlertBook;
import io.tripswitch.actuator.domain.AlertNotice;
import io.tripswitch.actuator.domain.AttemptReport;
import io.tripswitch.actuator.domain.Decision;
import io.tripswitch.actuator.domain.DecisionApplier;
import io.tripswitch.actuator.domain.EpochFence;
import io.tripswitch.actuator.domain.Inspection;
import io.tripswitch.actuator.domain.Outcome;
import io.tripswitch.actuator.domain.TargetDriver;
import io.tripswitch.actuator.domain.TargetGuard;
import io.tripswitch.actuator.domain.TrafficGroup;
import io.tripswitch.actuator.wiring.TargetFactory;
import io.tripswitch.config.TripswitchConfigLoader;
import io.tripswitch.fixtures.HaproxyServer;
import io.tripswitch.fixtures.RegionHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several real HAProxy instances of one group (two in gra, one in rbx), configured as {@code tripswitch.actuator.haproxy.*}
 * entries and built by {@link TargetFactory}: each is switched on its own, and a dead or frozen one does not hold
 * back the others.
 */
class HaproxyInstancesTest {

    private static final List<String> INSTANCES = List.of("gra-lb-1", "gra-lb-2", "rbx-lb-1");

    @TempDir
    Path dir;

    private RegionHttpServer gra;
    private RegionHttpServer rbx;
    private final Map<String, HaproxyServer> haproxies = new LinkedHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private DecisionApplier applier;
    /** Every attempt in the order the actuator published it. */
    private final List<AttemptReport> inOrder = Collections.synchronizedList(new ArrayList<>());
    private final ActuationSink published = new ActuationSink() {
        @Override
        public void actuation(AttemptReport report) {
            inOrder.add(report);
        }

        @Override
        public void alert(AlertNotice notice) {
        }
    };

    @BeforeEach
    void startInstances() throws Exception {
        gra = RegionHttpServer.start("gra");
        rbx = RegionHttpServer.start("rbx");
        for (String instance : INSTANCES) {
            haproxies.put(instance, HaproxyServer.start(dir.resolve(instance), gra.port(), rbx.port(), "app_gra"));
        }
        Map<String, TrafficGroup> groups = TargetFactory.groups(TripswitchConfigLoader.load(writeConfig()), name -> null);
        // Three attempts per target as in production; the SmallRye guard itself needs the Quarkus runtime and is
        // tested in SmallRyeTargetGuardTest: here only the instances' independence is under test.
        TargetGuard threeAttempts = attempt -> {
            Outcome outcome = attempt.run(1);
            for (int number = 2; number <= 3 && outcome.failed(); number++) {
                outcome = attempt.run(number);
            }
            return outcome;
        };
        Clock clock = Clock.systemUTC();
        applier = new DecisionApplier(groups,
                new TargetDriver(new EpochFence(), name -> threeAttempts, new AlertBook(clock), published, false, clock), executor);
    }

    @AfterEach
    void stopInstances() {
        haproxies.values().forEach(HaproxyServer::close);
        executor.shutdownNow();
        rbx.close();
        gra.close();
    }

    @Test
    void shouldSwitchEveryLiveInstanceWhenOneInstanceIsDown() {
        // given rbx-lb-1 is down (its socket refuses connections)
        haproxies.get("rbx-lb-1").close();

        // when
        List<AttemptReport> reports = applier.apply(new Decision("d1", "app", 1, "rbx"));

        // then both gra instances route to rbx, and the dead one failed on every attempt
        assertThat(haproxies.get("gra-lb-1").get()).isEqualTo("region=rbx");
        assertThat(haproxies.get("gra-lb-2").get()).isEqualTo("region=rbx");
        assertThat(reports).extracting(AttemptReport::target, r -> r.outcome().result()).containsExactlyInAnyOrder(
                tuple("haproxy:gra-lb-1/app", Outcome.Result.APPLIED),
                tuple("haproxy:gra-lb-2/app", Outcome.Result.APPLIED),
                tuple("haproxy:rbx-lb-1/app", Outcome.Result.FAILED),
                tuple("haproxy:rbx-lb-1/app", Outcome.Result.FAILED),
                tuple("haproxy:rbx-lb-1/app", Outcome.Result.FAILED));
        assertThat(reports).filteredOn(r -> r.outcome().failed()).allSatisfy(r ->
                assertThat(r.outcome().detail()).contains("rbx-lb-1/admin.sock"));
        // the desired entry is on disk even there, so the instance comes back on rbx (next test)
        assertThat(reports).filteredOn(r -> r.attempt() == 1 && r.outcome().failed()).singleElement()
                .satisfies(r -> assertThat(r.outcome().detail()).contains("rbx-lb-1/active.map written"));
    }

    @Test
    void shouldBringADeadInstanceBackOnTheDecidedRegionWhenItRestarts() throws Exception {
        // given rbx-lb-1 was down when the decision was applied
        HaproxyServer down = haproxies.get("rbx-lb-1");
        down.close();
        applier.apply(new Decision("d1", "app", 1, "rbx"));

        // when it comes back (reading its configuration and map file)
        down.restart();

        // then it routes to rbx without any new decision, and reads as in state
        assertThat(down.get()).isEqualTo("region=rbx");
        assertThat(Files.readAllLines(down.mapFile())).contains("app app_rbx");
        assertThat(applier.groups().get("app").targets()).allSatisfy(target ->
                assertThat(target.inspect("rbx").state()).as(target.name()).isEqualTo(Inspection.State.IN_STATE));
    }

    @Test
    void shouldSwitchTheOtherInstancesBeforeAFrozenInstanceTimesOut() {
        // given rbx-lb-1 is frozen: it accepts connections but never answers
        haproxies.get("rbx-lb-1").freeze();

        // when
        applier.apply(new Decision("d1", "app", 1, "rbx"));

        // then both gra instances reported APPLIED before the frozen one reported anything, and it timed out
        assertThat(inOrder).hasSize(5);
        assertThat(inOrder.subList(0, 2)).extracting(AttemptReport::target, r -> r.outcome().result()).containsExactlyInAnyOrder(
                tuple("haproxy:gra-lb-1/app", Outcome.Result.APPLIED),
                tuple("haproxy:gra-lb-2/app", Outcome.Result.APPLIED));
        assertThat(inOrder.subList(2, 5)).allSatisfy(report -> {
            assertThat(report.target()).isEqualTo("haproxy:rbx-lb-1/app");
            assertThat(report.outcome().result()).isEqualTo(Outcome.Result.FAILED);
            assertThat(report.outcome().detail()).contains("did not answer within");
        });
        assertThat(haproxies.get("gra-lb-1").get()).isEqualTo("region=rbx");
        assertThat(haproxies.get("gra-lb-2").get()).isEqualTo("region=rbx");
    }

    private Path writeConfig() throws Exception {
        List<String> lines = new ArrayList<>(List.of(
                "tripswitch:",
                "  regions:",
                "    gra: {endpoints: [{id: app1, url: 'http://127.0.0.1:" + gra.port() + "/health'}]}",
                "    rbx: {endpoints: [{id: app1, url: 'http://127.0.0.1:" + rbx.port() + "/health'}]}",
                "  groups:",
                "    app: {regions: [gra, rbx]}",
                "  actuator:",
                "    haproxy:"));
        haproxies.forEach((instance, haproxy) -> lines.addAll(List.of(
                "      " + instance + ":",
                "        group: app",
                // one instance through TCP, as a remote load balancer would be reached
                "        socket: " + (instance.equals("gra-lb-2") ? haproxy.apiAddress() : haproxy.adminSocket().toString()),
                "        map-file: " + haproxy.mapFile(),
                "        backends: {gra: app_gra, rbx: app_rbx}")));
        Path file = dir.resolve("tripswitch.yaml");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }
}
