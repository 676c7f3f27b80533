package io.tripswitch.actuator.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.actuator.domain.ActuationSink;
import io.tripswitch.actuator.domain.AlertNotice;
import io.tripswitch.actuator.domain.AttemptReport;
import io.tripswitch.actuator.domain.Decision;
import io.tripswitch.actuator.domain.Target;
import io.tripswitch.actuator.domain.Authority;
import io.tripswitch.actuator.domain.DnsOwnership;
import io.tripswitch.actuator.domain.SilenceWatch;
import io.tripswitch.actuator.support.PlainActuator;
import io.tripswitch.config.TripswitchConfigLoader;
import io.tripswitch.fixtures.HaproxyServer;
import io.tripswitch.fixtures.RegionHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each HAProxy instance is driven by its own region's actuator: the actuator of rbx, given the same tripswitch.yaml as
 * gra's, switches rbx's real HAProxy and never touches gra's (neither its live map nor its map file), for a decision
 * or a resync.
 */
class RegionalHaproxyTest {

    @TempDir
    Path dir;

    private RegionHttpServer gra;
    private RegionHttpServer rbx;
    private HaproxyServer graLb;
    private HaproxyServer rbxLb;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<AttemptReport> reports = Collections.synchronizedList(new ArrayList<>());
    private final ActuationSink sink = new ActuationSink() {
        @Override
        public void actuation(AttemptReport report) {
            reports.add(report);
        }

        @Override
        public void alert(AlertNotice notice) {
        }
    };

    @BeforeEach
    void startInstances() {
        gra = RegionHttpServer.start("gra");
        rbx = RegionHttpServer.start("rbx");
        graLb = HaproxyServer.start(dir.resolve("gra-lb"), gra.port(), rbx.port(), "app_gra");
        rbxLb = HaproxyServer.start(dir.resolve("rbx-lb"), gra.port(), rbx.port(), "app_gra");
    }

    @AfterEach
    void stopInstances() {
        graLb.close();
        rbxLb.close();
        executor.shutdownNow();
        rbx.close();
        gra.close();
    }

    private PlainActuator actuatorOf(String region) throws Exception {
        Path config = dir.resolve("tripswitch-" + region + ".yaml");
        Files.writeString(config, String.join("\n",
                "tripswitch:",
                "  regions:",
                "    gra: {endpoints: [{id: app1, url: 'http://127.0.0.1:" + gra.port() + "/health'}]}",
                "    rbx: {endpoints: [{id: app1, url: 'http://127.0.0.1:" + rbx.port() + "/health'}]}",
                "  groups:",
                "    app: {regions: [gra, rbx]}",
                "  actuator:",
                "    region: " + region,
                "    haproxy:",
                "      gra-lb:",
                "        group: app",
                "        region: gra",
                "        socket: " + graLb.adminSocket(),
                "        map-file: " + graLb.mapFile(),
                "        backends: {gra: app_gra, rbx: app_rbx}",
                "      rbx-lb:",
                "        group: app",
                "        region: rbx",
                "        socket: " + rbxLb.adminSocket(),
                "        map-file: " + rbxLb.mapFile(),
                "        backends: {gra: app_gra, rbx: app_rbx}",
                ""));
        return PlainActuator.build(TripswitchConfigLoader.load(config), sink, executor,
                new Authority(DnsOwnership.everything(), SilenceWatch.never(Clock.systemUTC())));
    }

    @Test
    void shouldNeverTouchGrasHaproxyFromAnActuatorConfiguredForRbx() throws Exception {
        PlainActuator rbxActuator = actuatorOf("rbx");
        String graMapFile = Files.readString(graLb.mapFile());
        String graLiveMap = graLb.command("show map " + graLb.mapFile());

        rbxActuator.applier().apply(new Decision("d-2", "app", 2, "rbx"));
        // someone points rbx-lb back at gra behind the actuator's back: the resync repairs rbx-lb, and still only rbx-lb
        rbxLb.command("set map " + rbxLb.mapFile() + " app app_gra");
        rbxActuator.reconciler().resync();

        assertThat(rbxActuator.groups().get("app").targets()).extracting(Target::name).containsExactly("haproxy:rbx-lb/app");
        assertThat(reports).extracting(AttemptReport::target).containsOnly("haproxy:rbx-lb/app").isNotEmpty();
        assertThat(rbxLb.get()).isEqualTo("region=rbx");
        assertThat(graLb.get()).isEqualTo("region=gra");
        assertThat(Files.readString(graLb.mapFile())).isEqualTo(graMapFile);
        assertThat(graLb.command("show map " + graLb.mapFile())).isEqualTo(graLiveMap);
    }

    @Test
    void shouldLetEachRegionsActuatorSwitchItsOwnInstanceFromTheSameConfiguration() throws Exception {
        PlainActuator graActuator = actuatorOf("gra");
        PlainActuator rbxActuator = actuatorOf("rbx");

        graActuator.applier().apply(new Decision("d-2", "app", 2, "rbx"));
        assertThat(graLb.get()).isEqualTo("region=rbx");
        assertThat(rbxLb.get()).isEqualTo("region=gra");
        rbxActuator.applier().apply(new Decision("d-2", "app", 2, "rbx"));

        assertThat(rbxLb.get()).isEqualTo("region=rbx");
        assertThat(reports).extracting(AttemptReport::target).containsOnly("haproxy:gra-lb/app", "haproxy:rbx-lb/app");
    }
}
