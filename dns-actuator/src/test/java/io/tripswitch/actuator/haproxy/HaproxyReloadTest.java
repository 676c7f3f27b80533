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

/**
 * The switch across a real reload: HAProxy in master-worker mode ({@code -W -S master.sock}, as deployed), reloaded
 * through the master CLI, which starts a new worker from the configuration and the map file on disk.
 */
class HaproxyReloadTest {

    @TempDir
    Path dir;

    private RegionHttpServer gra;
    private RegionHttpServer rbx;
    private HaproxyServer haproxy;
    private HaproxyMapTarget target;

    @BeforeEach
    void startServers() {
        gra = RegionHttpServer.start("gra");
        rbx = RegionHttpServer.start("rbx");
        haproxy = HaproxyServer.startMasterWorker(dir.resolve("gra-lb-1"), gra.port(), rbx.port(), "app_gra");
        target = new HaproxyMapTarget("gra-lb-1", "app", RuntimeApiClient.of(haproxy.adminSocket().toString(), Duration.ofSeconds(5)),
                haproxy.mapFile().toString(), new MapFile(haproxy.mapFile()), "app", Map.of("gra", "app_gra", "rbx", "app_rbx"));
    }

    @AfterEach
    void stopServers() {
        haproxy.close();
        rbx.close();
        gra.close();
    }

    @Test
    void shouldKeepRoutingToTheSwitchedRegionThroughTheNewWorkerAfterAReload() {
        // given traffic switched to rbx
        assertThat(target.apply("rbx", 1).result()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(haproxy.get()).isEqualTo("region=rbx");
        long oldWorker = haproxy.workerPid();

        // when HAProxy is reloaded
        haproxy.reload();

        // then a new worker answers, and it routes to rbx
        assertThat(haproxy.workerPid()).isNotEqualTo(oldWorker);
        assertThat(haproxy.get()).isEqualTo("region=rbx");
        assertThat(target.inspect("rbx").state()).isEqualTo(Inspection.State.IN_STATE);
        assertThat(target.apply("rbx", 2).result()).isEqualTo(Outcome.Result.ALREADY_IN_STATE);
    }

    @Test
    void shouldLoseALiveOnlyChangeOnReloadWhichIsWhyTheMapFileIsWritten() throws Exception {
        // given the entry changed through the Runtime API only, as a plain "set map" would
        RuntimeApiClient.of(haproxy.adminSocket().toString(), Duration.ofSeconds(5))
                .execute("set map " + haproxy.mapFile() + " app app_rbx");
        assertThat(haproxy.get()).isEqualTo("region=rbx");

        // when
        haproxy.reload();

        // then the new worker loaded the file: back on gra, and the target sees the drift
        assertThat(haproxy.get()).isEqualTo("region=gra");
        assertThat(target.inspect("rbx").state()).isEqualTo(Inspection.State.DRIFTED);
    }

    @Test
    void shouldSeeDriftWhenTheMapFileIsRevertedWhileHaproxyRunsAndRepairItBeforeAReloadBitesIt() throws Exception {
        // given traffic on rbx, then someone restores an old map file (a config deploy, a backup)
        target.apply("rbx", 1);
        Files.writeString(haproxy.mapFile(), "# active backend per traffic group, kept by tripswitch\napp app_gra\n");

        // when
        Inspection inspection = target.inspect("rbx");

        // then the drift is seen although requests still go to rbx (it would only bite at the next reload)
        assertThat(inspection.state()).as(inspection.detail()).isEqualTo(Inspection.State.DRIFTED);
        assertThat(inspection.detail()).contains("app is app_rbx").contains("map file: app_gra").contains("rbx needs app_rbx");
        assertThat(haproxy.get()).isEqualTo("region=rbx");

        // and once repaired, a reload keeps rbx
        Outcome repair = target.apply("rbx", 2);
        assertThat(repair.result()).as(repair.detail()).isEqualTo(Outcome.Result.APPLIED);
        haproxy.reload();
        assertThat(haproxy.get()).isEqualTo("region=rbx");
        assertThat(target.inspect("rbx").state()).isEqualTo(Inspection.State.IN_STATE);
    }

    @Test
    void shouldSeeDriftWhenTheMapFileIsEditedToAnotherBackendAndAReloadWouldMoveTraffic() throws Exception {
        // given traffic on rbx, then the file is edited by hand to gra and HAProxy reloaded
        target.apply("rbx", 1);
        Files.writeString(haproxy.mapFile(), "app app_gra\n");
        haproxy.reload();

        // when
        Inspection inspection = target.inspect("rbx");

        // then traffic really moved, and the target reports it as drifted
        assertThat(haproxy.get()).isEqualTo("region=gra");
        assertThat(inspection.state()).as(inspection.detail()).isEqualTo(Inspection.State.DRIFTED);
        assertThat(inspection.detail()).contains("app is app_gra");
    }
}
