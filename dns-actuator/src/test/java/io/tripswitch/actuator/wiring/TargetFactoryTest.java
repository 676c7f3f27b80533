package io.tripswitch.actuator.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tripswitch.actuator.domain.Target;
import io.tripswitch.actuator.domain.TrafficGroup;
import io.tripswitch.config.InvalidConfigException;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetFactoryTest {

    private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==";

    @TempDir
    Path dir;

    private TripswitchConfig load(String dns, String haproxy) throws Exception {
        Path file = dir.resolve("tripswitch.yaml");
        Files.writeString(file, String.join("\n",
                "tripswitch:",
                "  regions:",
                "    gra: {endpoints: [{id: app1, url: 'http://127.0.0.1:18081/health'}]}",
                "    rbx: {endpoints: [{id: app1, url: 'http://127.0.0.1:18091/health'}]}",
                "  groups:",
                "    app: {regions: [gra, rbx]}",
                "  actuator:",
                "    dns:",
                "      app-record:",
                "        group: app",
                "        zone: example.test.",
                "        name: app",
                "        server: 127.0.0.1:5353",
                dns,
                "    haproxy:",
                "      gra-lb:",
                "        group: app",
                "        backends: {gra: app_gra, rbx: app_rbx}",
                haproxy,
                ""));
        return TripswitchConfigLoader.load(file);
    }

    @Test
    void shouldBuildOneGroupWithItsDnsAndHaproxyTargets() throws Exception {
        TripswitchConfig config = load(String.join("\n",
                "        tsig-key-name: tripswitch",
                "        tsig-secret-env: TEST_TSIG",
                "        addresses: {gra: [127.0.10.1], rbx: ['127.0.20.1', '::1']}"),
                String.join("\n",
                "        socket: /run/haproxy/admin.sock",
                "        map-file: /etc/haproxy/active.map"));

        Map<String, TrafficGroup> groups = TargetFactory.groups(config, Map.of("TEST_TSIG", SECRET)::get);

        assertThat(groups).containsOnlyKeys("app");
        assertThat(groups.get("app").regions()).containsExactly("gra", "rbx");
        assertThat(groups.get("app").targets()).extracting(Target::name)
                .containsExactly("dns:rfc2136:example.test./app", "haproxy:gra-lb/app");
    }

    @Test
    void shouldNameEveryBadKeyWithoutRevealingSecrets() throws Exception {
        TripswitchConfig config = load(String.join("\n",
                "        tsig-key-name: tripswitch",
                "        tsig-secret-env: UNSET_TSIG_VARIABLE",
                "        addresses: {gra: [127.0.10.1], rbx: [127.0.20.1]}"),
                "        socket: 127.0.0.1:notaport");

        InvalidConfigException error = catchThrowableOfType(InvalidConfigException.class,
                () -> TargetFactory.groups(config, Map.<String, String>of()::get));

        assertThat(error.problems()).containsExactlyInAnyOrder(
                "tripswitch.actuator.dns.app-record.tsig-key-name: environment variable UNSET_TSIG_VARIABLE (the TSIG secret) is not set",
                "tripswitch.actuator.haproxy.gra-lb.map-file: required (the frontend picks the active backend from this map)");
    }

    @Test
    void shouldRejectASecretThatIsNotBase64() throws Exception {
        TripswitchConfig config = load(String.join("\n",
                "        tsig-key-name: tripswitch",
                "        tsig-secret-env: TEST_TSIG",
                "        addresses: {gra: [127.0.10.1], rbx: [127.0.20.1]}"),
                String.join("\n",
                "        socket: 127.0.0.1:9999",
                "        map-file: /etc/haproxy/active.map"));

        InvalidConfigException error = catchThrowableOfType(InvalidConfigException.class,
                () -> TargetFactory.groups(config, Map.of("TEST_TSIG", "not base64 !!")::get));

        assertThat(error.getMessage()).contains("tripswitch.actuator.dns.app-record.tsig-key-name: the TSIG secret")
                .contains("not valid base64").doesNotContain("not base64 !!");
    }
}
