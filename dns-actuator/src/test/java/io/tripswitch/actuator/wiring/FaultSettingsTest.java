package io.tripswitch.actuator.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tripswitch.actuator.fault.FaultPolicy;
import io.tripswitch.config.InvalidConfigException;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultSettingsTest {

    @TempDir
    Path dir;

    private TripswitchConfig load(Map<String, String> overrides) throws Exception {
        Path file = dir.resolve("tripswitch.yaml");
        Files.writeString(file, String.join("\n",
                "tripswitch:",
                "  regions:",
                "    gra: {endpoints: [{id: app1, url: 'http://127.0.0.1:18081/health'}]}",
                "    rbx: {endpoints: [{id: app1, url: 'http://127.0.0.1:18091/health'}]}",
                "  groups:",
                "    app: {regions: [gra, rbx]}",
                ""));
        return TripswitchConfigLoader.load(file, overrides);
    }

    @Test
    void shouldDefaultToSaneFaultHandlingAndRepair() throws Exception {
        TripswitchConfig config = load(Map.of());

        assertThat(FaultSettings.policy(config.actuator())).isEqualTo(FaultPolicy.DEFAULT);
        assertThat(config.actuator().drift()).isEqualTo(TripswitchConfig.DriftMode.REPAIR);
        assertThat(config.actuator().resyncInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.actuator().alertMemory()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void shouldReadReportOnlyDrift() throws Exception {
        assertThat(load(Map.of("tripswitch.actuator.drift", "report")).actuator().drift()).isEqualTo(TripswitchConfig.DriftMode.REPORT);
    }

    @Test
    void shouldNameEveryBadFaultKey() throws Exception {
        TripswitchConfig config = load(Map.of(
                "tripswitch.actuator.resync-interval", "0s",
                "tripswitch.actuator.alert-memory", "0s",
                "tripswitch.actuator.faults.max-attempts", "0",
                "tripswitch.actuator.faults.initial-backoff", "200ms",
                "tripswitch.actuator.faults.max-backoff", "100ms",
                "tripswitch.actuator.faults.jitter", "1s",
                "tripswitch.actuator.faults.breaker-failure-ratio", "1.5",
                "tripswitch.actuator.faults.breaker-window", "0"));

        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> FaultSettings.policy(config.actuator()));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "tripswitch.actuator.resync-interval: must be positive, got PT0S",
                "tripswitch.actuator.alert-memory: must be positive, got PT0S",
                "tripswitch.actuator.faults.max-attempts: must be between 1 and 20, got 0",
                "tripswitch.actuator.faults.max-backoff: must be above initial-backoff (PT0.2S), got PT0.1S",
                "tripswitch.actuator.faults.jitter: must not exceed initial-backoff (PT0.2S), got PT1S",
                "tripswitch.actuator.faults.breaker-window: must be at least 1, got 0",
                "tripswitch.actuator.faults.breaker-failure-ratio: must be in (0, 1], got 1.5");
    }
}
