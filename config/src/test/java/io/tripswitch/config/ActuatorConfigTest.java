package io.tripswitch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The actuator's own keys: its region, the region of each HAProxy instance, max-silence and DNS ownership. */
class ActuatorConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldDefaultToOneActuatorForEverythingWithFifteenSecondsOfSilenceAndSixSecondSessions() throws IOException {
        TripswitchConfig config = TripswitchConfigLoader.load(write(valid()));

        assertThat(config.actuator().region()).isEmpty();
        assertThat(config.actuator().haproxy().get("gra-lb").region()).isEmpty();
        assertThat(config.actuator().maxSilence()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.actuator().ownership().consumerGroup()).isEqualTo("tripswitch-dns-owners");
        assertThat(config.actuator().ownership().sessionTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(config.actuator().ownership().heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldReadTheActuatorsRegionAndEachInstancesRegion() throws IOException {
        TripswitchConfig config = TripswitchConfigLoader.load(write(regional("rbx", "gra")));

        assertThat(config.actuator().region()).contains("rbx");
        assertThat(config.actuator().haproxy().get("gra-lb").region()).contains("gra");
    }

    @Test
    void shouldRequireEachInstancesRegionOnceTheActuatorHasOne() throws IOException {
        Path file = write(valid().replace("  actuator:\n", "  actuator:\n    region: rbx\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.actuator.haproxy.gra-lb.region: required when tripswitch.actuator.region is set");
    }

    @Test
    void shouldNameUnknownRegionsOfTheActuatorAndOfAnInstance() throws IOException {
        Path file = write(regional("waw", "sbg"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.actuator.region: unknown region 'waw' (known: gra, rbx)")
                .hasMessageContaining("tripswitch.actuator.haproxy.gra-lb.region: unknown region 'sbg' (known: gra, rbx)");
    }

    @Test
    void shouldRejectAMaxSilenceBelowOneSecondAndAHeartbeatAboveAThirdOfTheSession() throws IOException {
        Path file = write(valid().replace("  actuator:\n", String.join("\n",
                "  actuator:",
                "    max-silence: 500ms",
                "    ownership:",
                "      session-timeout: 3s",
                "      heartbeat-interval: 2s",
                "")));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.actuator.max-silence: must be at least 1s")
                .hasMessageContaining("tripswitch.actuator.ownership.heartbeat-interval: must be positive and at most a third of session-timeout");
    }

    private static String regional(String actuatorRegion, String instanceRegion) throws IOException {
        return valid().replace("  actuator:\n", "  actuator:\n    region: " + actuatorRegion + "\n")
                .replace("        socket: /tmp/gra/admin.sock\n", "        socket: /tmp/gra/admin.sock\n        region: " + instanceRegion + "\n");
    }

    private static String valid() throws IOException {
        return Files.readString(Path.of("src/test/resources/valid.yaml"));
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("tripswitch.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
