package io.tripswitch.probe.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripswitch.config.InvalidConfigException;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigLoader;
import io.tripswitch.probe.check.CheckTarget;
import io.tripswitch.probe.check.DnsQuery;
import io.tripswitch.probe.check.HaproxySource;
import io.tripswitch.probe.check.HttpSpec;
import io.tripswitch.probe.check.Secret;
import io.tripswitch.probe.check.StatusSet;
import io.tripswitch.probe.check.TlsTrust;
import io.tripswitch.probe.testing.TestCertificates;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeSettingsTest {

    @Test
    void shouldCheckEveryEndpointOfEveryRegionWithItsEffectiveInterval() {
        // given
        TripswitchConfig config = load(Map.of("tripswitch.probe.observer", "gra"));

        // when
        ProbeSettings settings = ProbeSettings.from(config);

        // then the probe checks its own region and the others, interval falling back to the policy's
        assertThat(settings.targets()).containsExactlyInAnyOrder(
                CheckTarget.http("gra", "app1", URI.create("http://127.0.0.1:18081/health"),
                        Optional.of("primary.example.com"), Duration.ofSeconds(1), Duration.ofMillis(800)),
                CheckTarget.http("gra", "app2", URI.create("http://127.0.0.1:18082/health"),
                        Optional.empty(), Duration.ofMillis(500), Duration.ofMillis(300)),
                CheckTarget.http("rbx", "app1", URI.create("http://127.0.0.1:18091/health"),
                        Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(2)));
    }

    @Test
    void shouldNameTheProbeAfterItsObserverUnlessAnIdIsGiven() {
        assertThat(ProbeSettings.from(load(Map.of("tripswitch.probe.observer", "rbx"))).probeId()).isEqualTo("probe-rbx");
        assertThat(ProbeSettings.from(load(Map.of("tripswitch.probe.observer", "rbx", "tripswitch.probe.id", "rbx-2")))
                .probeId()).isEqualTo("rbx-2");
    }

    @Test
    void shouldRefuseToStartWithoutAnObserverNamingTheKey() {
        // given no observer anywhere
        TripswitchConfig config = load(Map.of());

        // when / then
        assertThatThrownBy(() -> ProbeSettings.from(config))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.probe.observer: required")
                .hasMessageContaining("TRIPSWITCH_PROBE_OBSERVER")
                .hasMessageContaining("(known: gra, rbx)");
    }

    @Test
    void shouldRefuseAnObserverThatIsNeitherAConfiguredObserverNorARegion() {
        // given
        TripswitchConfig config = load(Map.of("tripswitch.probe.observer", "sbg"));

        // when / then
        assertThatThrownBy(() -> ProbeSettings.from(config))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.probe.observer: unknown observer 'sbg' (known: gra, rbx)");
    }

    @Test
    void shouldAcceptAnExternalVantagePointListedAsObserver() {
        // given a third vantage point outside the regions
        TripswitchConfig config = load(Map.of("tripswitch.observers", "gra,rbx,ext", "tripswitch.probe.observer", "ext"));

        // when
        ProbeSettings settings = ProbeSettings.from(config);

        // then
        assertThat(settings.observer()).isEqualTo("ext");
        assertThat(settings.probeId()).isEqualTo("probe-ext");
    }

    @Test
    void shouldWarnWhenATimeoutIsNotShorterThanItsInterval() {
        // when
        ProbeSettings settings = ProbeSettings.from(load(Map.of("tripswitch.probe.observer", "gra")));

        // then
        assertThat(settings.warnings()).singleElement().asString().startsWith("rbx/app1: timeout 2000ms");
    }

    @Test
    void shouldCheckATcpEndpointAtItsAddress() {
        // given a region with a TCP endpoint next to its HTTP one
        TripswitchConfig config = load(Map.of("tripswitch.probe.observer", "gra",
                "tripswitch.regions.rbx.endpoints[1].id", "db1",
                "tripswitch.regions.rbx.endpoints[1].check", "tcp",
                "tripswitch.regions.rbx.endpoints[1].address", "127.0.0.1:5432"));

        // when
        ProbeSettings settings = ProbeSettings.from(config);

        // then
        assertThat(settings.targets()).contains(
                CheckTarget.tcp("rbx", "db1", "127.0.0.1", 5432, Duration.ofSeconds(1), Duration.ofMillis(800)));
    }

    @Test
    void shouldReadAnHaproxyEndpointsRuntimeApiAndBackend() {
        // given
        TripswitchConfig config = load(Map.of("tripswitch.probe.observer", "gra",
                "tripswitch.regions.gra.endpoints[2].id", "lb",
                "tripswitch.regions.gra.endpoints[2].check", "haproxy",
                "tripswitch.regions.gra.endpoints[2].socket", "/run/haproxy/admin.sock",
                "tripswitch.regions.gra.endpoints[2].backend", "app_gra"));

        // when
        ProbeSettings settings = ProbeSettings.from(config);

        // then
        assertThat(settings.targets()).contains(CheckTarget.haproxy("gra", "lb",
                new HaproxySource("/run/haproxy/admin.sock", Optional.of("app_gra")), Duration.ofSeconds(1), Duration.ofMillis(800)));
    }

    @Test
    void shouldGiveADnsCheckTheGroupAndItsAddressesPerRegion() {
        // given a dns endpoint for group app, whose record may point to gra's or rbx's addresses
        TripswitchConfig config = load(Map.ofEntries(Map.entry("tripswitch.probe.observer", "gra"),
                Map.entry("tripswitch.regions.gra.endpoints[2].id", "app-dns"),
                Map.entry("tripswitch.regions.gra.endpoints[2].check", "dns"),
                Map.entry("tripswitch.regions.gra.endpoints[2].name", "app.example.test."),
                Map.entry("tripswitch.regions.gra.endpoints[2].resolver", "127.0.0.1:5353"),
                Map.entry("tripswitch.regions.gra.endpoints[2].group", "app"),
                Map.entry("tripswitch.actuator.dns.app-record.group", "app"),
                Map.entry("tripswitch.actuator.dns.app-record.zone", "example.test."),
                Map.entry("tripswitch.actuator.dns.app-record.name", "app"),
                Map.entry("tripswitch.actuator.dns.app-record.server", "127.0.0.1:5353"),
                Map.entry("tripswitch.actuator.dns.app-record.addresses.gra[0]", "127.0.0.11"),
                Map.entry("tripswitch.actuator.dns.app-record.addresses.rbx[0]", "127.0.0.12"),
                Map.entry("tripswitch.actuator.dns.app-record.addresses.rbx[1]", "127.0.0.13")));

        // when
        ProbeSettings settings = ProbeSettings.from(config);

        // then
        assertThat(settings.targets()).contains(CheckTarget.dns("gra", "app-dns", new DnsQuery("app.example.test.",
                new InetSocketAddress("127.0.0.1", 5353), "app", Map.of("gra", Set.of("127.0.0.11"), "rbx", Set.of("127.0.0.12", "127.0.0.13"))),
                Duration.ofSeconds(1), Duration.ofMillis(800)));
    }

    @Test
    void shouldDeriveTheHttpSpecOfAnEndpointFromItsOptions() {
        // given an https endpoint with every http option, verification turned off
        TripswitchConfig config = load(Map.ofEntries(Map.entry("tripswitch.probe.observer", "gra"),
                Map.entry("tripswitch.regions.rbx.endpoints[0].url", "https://127.0.0.1:18443/health"),
                Map.entry("tripswitch.regions.rbx.endpoints[0].method", "POST"),
                Map.entry("tripswitch.regions.rbx.endpoints[0].expected-statuses", "200,3xx"),
                Map.entry("tripswitch.regions.rbx.endpoints[0].body-contains", "UP"),
                Map.entry("tripswitch.regions.rbx.endpoints[0].connect-timeout", "200ms"),
                Map.entry("tripswitch.regions.rbx.endpoints[0].read-timeout", "500ms"),
                Map.entry("tripswitch.regions.rbx.endpoints[0].tls.server-name", "primary.example.com"),
                Map.entry("tripswitch.regions.rbx.endpoints[0].tls.verify", "false")));

        // when
        ProbeSettings settings = ProbeSettings.from(config, variable -> null);

        // then
        assertThat(target(settings, "rbx", "app1").httpSpec()).contains(new HttpSpec("POST", new StatusSet(List.of("200", "3xx")),
                Optional.of("UP"), Optional.of(Duration.ofMillis(200)), Optional.of(Duration.ofMillis(500)), Optional.of("primary.example.com"),
                new TlsTrust(Optional.empty(), Optional.empty(), Optional.empty(), false)));
        assertThat(settings.warnings()).anySatisfy(warning -> assertThat(warning)
                .startsWith("rbx/app1: certificate verification is off (tripswitch.regions.rbx.endpoints[0].tls.verify: false)"));
        // and an endpoint without options gets the defaults
        assertThat(target(settings, "gra", "app1").httpSpec()).contains(HttpSpec.DEFAULT);
    }

    @Test
    void shouldReadTheTrustStorePasswordFromTheNamedEnvironmentVariableAndNeverShowIt(@TempDir Path dir) {
        // given a PKCS12 trust store whose password is in TRUST_PW
        TestCertificates certificates = TestCertificates.forNames(dir, "pw-" + UUID.randomUUID(), "a.example.test");
        Path store = certificates.trustStore("a.example.test");
        TripswitchConfig config = load(pkcs12Endpoint(store, "trust-password-env", "TRUST_PW"));

        // when
        ProbeSettings settings = ProbeSettings.from(config, Map.of("TRUST_PW", certificates.password())::get);

        // then
        TlsTrust trust = target(settings, "rbx", "app1").httpSpec().orElseThrow().trust();
        assertThat(trust.pkcs12()).contains(store);
        assertThat(trust.pkcs12Password()).contains(new Secret(certificates.password().toCharArray()));
        assertThat(settings.toString()).doesNotContain(certificates.password());
    }

    @Test
    void shouldReadTheTrustStorePasswordFromAFileWithoutItsTrailingNewline(@TempDir Path dir) throws IOException {
        // given the password in a file, as `echo` writes it
        TestCertificates certificates = TestCertificates.forNames(dir, "pw-" + UUID.randomUUID(), "a.example.test");
        Path passwordFile = Files.writeString(dir.resolve("trust-password"), certificates.password() + "\n");
        TripswitchConfig config = load(pkcs12Endpoint(certificates.trustStore("a.example.test"), "trust-password-file", passwordFile.toString()));

        // when
        ProbeSettings settings = ProbeSettings.from(config, variable -> null);

        // then
        assertThat(target(settings, "rbx", "app1").httpSpec().orElseThrow().trust().pkcs12Password())
                .contains(new Secret(certificates.password().toCharArray()));
    }

    @Test
    void shouldRefuseToStartWhenThePasswordVariableIsNotSet(@TempDir Path dir) {
        // given
        TestCertificates certificates = TestCertificates.forNames(dir, "pw-" + UUID.randomUUID(), "a.example.test");
        TripswitchConfig config = load(pkcs12Endpoint(certificates.trustStore("a.example.test"), "trust-password-env", "TRUST_PW"));

        // when / then
        assertThatThrownBy(() -> ProbeSettings.from(config, variable -> null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].tls.trust-password-env: environment variable TRUST_PW is not set");
    }

    @Test
    void shouldRefuseToStartWhenTheTrustStorePasswordIsWrongWithoutShowingIt(@TempDir Path dir) {
        // given
        TestCertificates certificates = TestCertificates.forNames(dir, "pw-" + UUID.randomUUID(), "a.example.test");
        Path store = certificates.trustStore("a.example.test");
        TripswitchConfig config = load(pkcs12Endpoint(store, "trust-password-env", "TRUST_PW"));

        // when / then
        assertThatThrownBy(() -> ProbeSettings.from(config, Map.of("TRUST_PW", "not-the-password")::get))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].tls.trust-pkcs12: cannot read PKCS12 store " + store
                        + ": wrong password or damaged file")
                .message().doesNotContain("not-the-password");
    }

    @Test
    void shouldRefuseToStartWhenATrustedPemFileIsMissing(@TempDir Path dir) {
        // given
        Path missing = dir.resolve("ca.pem");
        TripswitchConfig config = load(Map.of("tripswitch.probe.observer", "gra",
                "tripswitch.regions.rbx.endpoints[0].url", "https://127.0.0.1:18443/health",
                "tripswitch.regions.rbx.endpoints[0].tls.trust-pem", missing.toString()));

        // when / then
        assertThatThrownBy(() -> ProbeSettings.from(config, variable -> null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].tls.trust-pem: no such file " + missing);
    }

    private static Map<String, String> pkcs12Endpoint(Path store, String passwordKey, String passwordSource) {
        return Map.of("tripswitch.probe.observer", "gra",
                "tripswitch.regions.rbx.endpoints[0].url", "https://127.0.0.1:18443/health",
                "tripswitch.regions.rbx.endpoints[0].tls.trust-pkcs12", store.toString(),
                "tripswitch.regions.rbx.endpoints[0].tls." + passwordKey, passwordSource);
    }

    private static CheckTarget target(ProbeSettings settings, String region, String endpoint) {
        return settings.targets().stream().filter(target -> target.region().equals(region) && target.endpoint().equals(endpoint))
                .findFirst().orElseThrow();
    }

    private static TripswitchConfig load(Map<String, String> overrides) {
        try {
            Path file = Path.of(ProbeSettingsTest.class.getResource("/probe-settings.yaml").toURI());
            return TripswitchConfigLoader.load(file, overrides);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
