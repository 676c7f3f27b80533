package io.tripswitch.actuator.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.actuator.domain.Inspection;
import io.tripswitch.actuator.domain.Outcome;
import io.tripswitch.fixtures.HaproxyServer;
import io.tripswitch.fixtures.RegionHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The map switch against a real HAProxy routing real HTTP requests to two real servers. */
class HaproxyMapTargetTest {

    @TempDir
    Path dir;

    private RegionHttpServer gra;
    private RegionHttpServer rbx;
    private HaproxyServer haproxy;

    @BeforeEach
    void startServers() {
        gra = RegionHttpServer.start("gra");
        rbx = RegionHttpServer.start("rbx");
        haproxy = HaproxyServer.start(dir.resolve("lb"), gra.port(), rbx.port(), "app_gra");
    }

    @AfterEach
    void stopServers() {
        if (haproxy != null) {
            haproxy.close();
        }
        rbx.close();
        gra.close();
    }

    private HaproxyMapTarget target(String socket) {
        return new HaproxyMapTarget("gra-lb", "app", RuntimeApiClient.of(socket, Duration.ofSeconds(5)),
                haproxy.mapFile().toString(), new MapFile(haproxy.mapFile()), "app", Map.of("gra", "app_gra", "rbx", "app_rbx"));
    }

    @Test
    void shouldRouteRealRequestsToTheActiveRegionAndKeepItAcrossARestart() throws Exception {
        assertThat(haproxy.get()).isEqualTo("region=gra");
        HaproxyMapTarget target = target(haproxy.adminSocket().toString());

        Outcome outcome = target.apply("rbx", 2);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(haproxy.get()).isEqualTo("region=rbx");
        assertThat(Files.readAllLines(haproxy.mapFile())).contains("app app_rbx")
                .contains("# active backend per traffic group, kept by tripswitch");

        haproxy.restart();

        assertThat(haproxy.get()).isEqualTo("region=rbx");
        assertThat(target.apply("rbx", 3).result()).isEqualTo(Outcome.Result.ALREADY_IN_STATE);
    }

    @Test
    void shouldRecordTheEpochUnderTheReservedKeyLiveAndInTheMapFileWithTheSwitch() throws Exception {
        HaproxyMapTarget target = target(haproxy.adminSocket().toString());

        Outcome outcome = target.apply("rbx", 5);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(haproxy.command("show map " + haproxy.mapFile())).contains("__tripswitch_epoch.app 5").contains("app app_rbx");
        assertThat(Files.readAllLines(haproxy.mapFile())).contains("app app_rbx", "__tripswitch_epoch.app 5");
        assertThat(haproxy.get()).isEqualTo("region=rbx");
    }

    @Test
    void shouldNeverMoveBackAnInstanceCarryingANewerEpoch() throws Exception {
        HaproxyMapTarget target = target(haproxy.adminSocket().toString());
        target.apply("rbx", 7);
        String fileBefore = Files.readString(haproxy.mapFile());

        Outcome stale = target.apply("gra", 6);

        assertThat(stale.result()).as(stale.detail()).isEqualTo(Outcome.Result.REJECTED);
        assertThat(stale.detail()).contains("carries epoch 7, newer than 6").contains("never moved back");
        assertThat(haproxy.get()).isEqualTo("region=rbx");
        assertThat(Files.readString(haproxy.mapFile())).isEqualTo(fileBefore);
        assertThat(target.inspect("gra", 6).state()).isEqualTo(Inspection.State.AHEAD);
        assertThat(target.preview("gra", 6).detail()).startsWith("would leave");
        assertThat(target.apply("gra", 8).result()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(haproxy.get()).isEqualTo("region=gra");
    }

    @Test
    void shouldNeverMoveBackAStoppedInstanceWhoseMapFileCarriesANewerEpoch() throws Exception {
        HaproxyMapTarget target = target(haproxy.adminSocket().toString());
        target.apply("rbx", 7);
        haproxy.stop();

        Outcome stale = target.apply("gra", 6);

        assertThat(stale.result()).as(stale.detail()).isEqualTo(Outcome.Result.REJECTED);
        assertThat(Files.readAllLines(haproxy.mapFile())).contains("app app_rbx", "__tripswitch_epoch.app 7");
        haproxy.start();
        assertThat(haproxy.get()).isEqualTo("region=rbx");
    }

    @Test
    void shouldSwitchThroughTheTcpRuntimeApiToo() {
        HaproxyMapTarget target = target(haproxy.apiAddress());

        Outcome outcome = target.apply("rbx", 1);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(haproxy.get()).isEqualTo("region=rbx");
    }

    @Test
    void shouldRepairTheMapFileWhenOnlyTheLiveEntryIsRight() throws Exception {
        HaproxyMapTarget target = target(haproxy.adminSocket().toString());
        target.apply("rbx", 1);
        Files.writeString(haproxy.mapFile(), "app app_gra\n");

        Outcome outcome = target.apply("rbx", 2);

        assertThat(outcome.result()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(outcome.detail()).contains("written");
        assertThat(Files.readAllLines(haproxy.mapFile())).containsExactly("app app_rbx", "__tripswitch_epoch.app 2");
    }

    @Test
    void shouldReportFailedWhenHaproxyDoesNotKnowTheMap() {
        HaproxyMapTarget target = new HaproxyMapTarget("gra-lb", "app",
                RuntimeApiClient.of(haproxy.adminSocket().toString(), Duration.ofSeconds(5)), dir.resolve("other.map").toString(),
                new MapFile(dir.resolve("other.map")), "app", Map.of("rbx", "app_rbx"));

        Outcome outcome = target.apply("rbx", 1);

        assertThat(outcome.result()).isEqualTo(Outcome.Result.FAILED);
        assertThat(outcome.detail()).contains("HAProxy answered");
        assertThat(haproxy.get()).isEqualTo("region=gra");
    }

    @Test
    void shouldReportFailedWhenTheSocketIsMissing() {
        Outcome outcome = target(dir.resolve("missing.sock").toString()).apply("rbx", 1);

        assertThat(outcome.result()).isEqualTo(Outcome.Result.FAILED);
        assertThat(haproxy.get()).isEqualTo("region=gra");
        assertThat(target(dir.resolve("missing.sock").toString()).inspect("rbx").state()).isEqualTo(Inspection.State.UNREADABLE);
    }

    @Test
    void shouldSeeDriftWhenTheLiveEntryWasChangedBehindItsBack() throws Exception {
        HaproxyMapTarget target = target(haproxy.adminSocket().toString());
        target.apply("rbx", 1);
        assertThat(target.inspect("rbx").state()).isEqualTo(Inspection.State.IN_STATE);
        RuntimeApiClient.of(haproxy.adminSocket().toString(), Duration.ofSeconds(5))
                .execute("set map " + haproxy.mapFile() + " app app_gra");

        Inspection inspection = target.inspect("rbx");

        assertThat(inspection.state()).as(inspection.detail()).isEqualTo(Inspection.State.DRIFTED);
        assertThat(inspection.detail()).contains("app is app_gra").contains("rbx needs app_rbx");
        assertThat(haproxy.get()).isEqualTo("region=gra");
    }
}
