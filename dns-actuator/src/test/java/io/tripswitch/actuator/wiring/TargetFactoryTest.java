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
import java.time.Duration;
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
                "        server: 127.0.0.1:5353",
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
                "        server: 127.0.0.1:5353",
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
                "        server: 127.0.0.1:5353",
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

    private static final String HAPROXY_OK = String.join("\n",
            "        socket: 127.0.0.1:9999",
            "        map-file: /etc/haproxy/active.map");

    @Test
    void shouldBuildRoute53AndOvhTargetsNamedAfterTheirProvider() throws Exception {
        Path secretFile = dir.resolve("ovh-secret");
        Files.writeString(secretFile, "an-ovh-application-secret\n");
        TripswitchConfig config = load(String.join("\n",
                "        provider: route53",
                "        hosted-zone-id: /hostedzone/Z0TRIPSWITCH42",
                "        route53-endpoint: http://127.0.0.1:4566",
                "        sync-timeout: 90s",
                "        addresses: {gra: [127.0.10.1], rbx: [127.0.20.1]}",
                "      app-ovh:",
                "        group: app",
                "        provider: ovh",
                "        zone: example.test.",
                "        name: '@'",
                "        ovh-application-key-env: OVH_AK",
                "        ovh-application-secret-file: " + secretFile,
                "        ovh-consumer-key-env: OVH_CK",
                "        addresses: {gra: [127.0.10.1], rbx: [127.0.20.1]}"), HAPROXY_OK);

        Map<String, TrafficGroup> groups = TargetFactory.groups(config, Map.of("OVH_AK", "ak", "OVH_CK", "ck")::get);

        assertThat(groups.get("app").targets()).extracting(Target::name)
                .containsExactly("dns:ovh:example.test./@", "dns:route53:example.test./app", "haproxy:gra-lb/app");
        // Route 53 waits for INSYNC within its sync timeout: its attempts must be allowed that long.
        assertThat(groups.get("app").targets()).extracting(Target::slowestAttempt)
                .containsExactly(Duration.ZERO, Duration.ofSeconds(90), Duration.ZERO);
    }

    @Test
    void shouldRequireAHostedZoneIdForRoute53() throws Exception {
        TripswitchConfig config = load(String.join("\n",
                "        provider: route53",
                "        route53-endpoint: 'not a url'",
                "        addresses: {gra: [127.0.10.1], rbx: [127.0.20.1]}"), HAPROXY_OK);

        InvalidConfigException error = catchThrowableOfType(InvalidConfigException.class,
                () -> TargetFactory.groups(config, Map.<String, String>of()::get));

        assertThat(error.problems()).containsExactlyInAnyOrder(
                "tripswitch.actuator.dns.app-record.hosted-zone-id: required for provider route53",
                "tripswitch.actuator.dns.app-record.route53-endpoint: must be an http(s) URL, got 'not a url'");
    }

    @Test
    void shouldNameEachMissingOvhCredentialWithoutRevealingTheOthers() throws Exception {
        TripswitchConfig config = load(String.join("\n",
                "        provider: ovh",
                "        ovh-endpoint: ftp://eu.api.ovh.com/1.0",
                "        ovh-application-key-env: OVH_AK",
                "        ovh-consumer-key-file: " + dir.resolve("missing-file"),
                "        addresses: {gra: [127.0.10.1], rbx: [127.0.20.1]}"), HAPROXY_OK);

        InvalidConfigException error = catchThrowableOfType(InvalidConfigException.class,
                () -> TargetFactory.groups(config, Map.of("OVH_AK", "the-application-key-value")::get));

        assertThat(error.problems()).containsExactlyInAnyOrder(
                "tripswitch.actuator.dns.app-record.ovh-endpoint: must be an http(s) URL, got 'ftp://eu.api.ovh.com/1.0'",
                "tripswitch.actuator.dns.app-record.ovh-application-secret-env: required for provider ovh (or ovh-application-secret-file)",
                "tripswitch.actuator.dns.app-record.ovh-consumer-key-file: cannot read the OVH consumer key file "
                        + dir.resolve("missing-file") + ": NoSuchFileException");
        assertThat(error.getMessage()).doesNotContain("the-application-key-value");
    }

    @Test
    void shouldRejectKeysThatBelongToAnotherProvider() throws Exception {
        TripswitchConfig config = load(String.join("\n",
                "        provider: route53",
                "        hosted-zone-id: Z0TRIPSWITCH42",
                "        tsig-key-name: tripswitch",
                "        ovh-consumer-key-env: OVH_CK",
                "        addresses: {gra: [127.0.10.1], rbx: [127.0.20.1]}"), HAPROXY_OK);

        InvalidConfigException error = catchThrowableOfType(InvalidConfigException.class,
                () -> TargetFactory.groups(config, Map.<String, String>of()::get));

        assertThat(error.problems()).containsExactlyInAnyOrder(
                "tripswitch.actuator.dns.app-record.tsig-key-name: only for provider rfc2136 (this target's provider is route53)",
                "tripswitch.actuator.dns.app-record.ovh-consumer-key-env: only for provider ovh (this target's provider is route53)");
    }

    @Test
    void shouldRejectAnUnknownProviderAtLoadingNamingTheKnownOnes() throws Exception {
        InvalidConfigException error = catchThrowableOfType(InvalidConfigException.class, () -> load(String.join("\n",
                "        provider: cloudflare",
                "        addresses: {gra: [127.0.10.1], rbx: [127.0.20.1]}"), HAPROXY_OK));

        assertThat(error.problems()).contains(
                "tripswitch.actuator.dns.app-record.provider: unknown provider 'cloudflare' (known: rfc2136, route53, ovh)");
    }
}
