package io.tripswitch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TripswitchConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadEveryPartOfAValidFile() {
        TripswitchConfig config = TripswitchConfigLoader.load(Path.of("src/test/resources/valid.yaml"));

        assertThat(config.regions()).containsOnlyKeys("gra", "rbx");
        TripswitchConfig.Endpoint app1 = config.regions().get("gra").endpoints().get(0);
        assertThat(app1.check()).isEqualTo(TripswitchConfig.CheckType.HTTP);
        assertThat(app1.url()).contains(URI.create("http://127.0.0.1:18081/health"));
        assertThat(app1.address()).isEmpty();
        assertThat(app1.hostHeader()).contains("primary.example.com");
        assertThat(app1.interval()).isEmpty();
        assertThat(config.regions().get("gra").endpoints().get(1).interval()).contains(Duration.ofMillis(500));
        assertThat(config.groups().get("app").regions()).containsExactly("gra", "rbx");
        assertThat(config.policy().fall()).isEqualTo(3);
        assertThat(config.policy().effectiveStaleAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.policy().failback()).isEqualTo(TripswitchConfig.Failback.MANUAL);
        assertThat(config.actuator().dns().get("app-record").addresses())
                .isEqualTo(Map.of("gra", List.of("127.0.0.11"), "rbx", List.of("127.0.0.12", "127.0.0.13")));
        assertThat(config.actuator().haproxy().get("gra-lb").backends()).containsEntry("rbx", "app_rbx");
        assertThat(config.topicPrefix()).isEqualTo("tripswitch.");
        assertThat(config.groups().get("app").stores()).contains(List.of("users", "sessions"));
        assertThat(config.stores().get("users").kind()).isEqualTo(TripswitchConfig.StoreKind.POSTGRESQL);
        assertThat(config.stores().get("users").primary()).contains("gra");
        assertThat(config.stores().get("users").replicas()).containsExactly("rbx");
        assertThat(config.stores().get("sessions").primary()).isEmpty();
        assertThat(config.policy().maxFlips()).isEqualTo(3);
        assertThat(config.policy().flapWindow()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldLeaveStoresEmptyWhenTheFileNamesNone() throws IOException {
        Path file = write(valid().replace("      stores: [users, sessions]\n", ""));

        TripswitchConfig config = TripswitchConfigLoader.load(file);

        assertThat(config.groups().get("app").stores()).isEmpty();
    }

    @Test
    void shouldNameTheKeyWhenAGroupNamesAnUnknownStore() throws IOException {
        Path file = write(valid().replace("stores: [users, sessions]", "stores: [users, orders]"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.groups.app.stores[1]: unknown store 'orders' (known: sessions, users)");
    }

    @Test
    void shouldNameTheKeyWhenAStoreNamesAnUnknownRegion() throws IOException {
        Path file = write(valid().replace("replicas: [gra, rbx]", "replicas: [gra, rbx, waw]"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.stores.sessions.replicas[2]: unknown region 'waw' (known: gra, rbx)");
    }

    @Test
    void shouldRejectAGroupRegionWithoutAReplicaOfOneOfItsStores() throws IOException {
        Path file = write(valid().replace("      primary: gra\n      replicas: [rbx]", "      replicas: [rbx]"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.groups.app.stores[0]: store 'users' has neither a replica nor its primary in region 'gra'");
    }

    @Test
    void shouldRejectAFlapBreakerThatCanNeverAllowADecision() throws IOException {
        Path file = write(valid().replace("    fall: 3\n", "    fall: 3\n    max-flips: 0\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.policy.max-flips: must be at least 1");
    }

    @Test
    void shouldBoundPendingProbeResultsByDefaultAndRejectANonPositiveBound() throws IOException {
        assertThat(TripswitchConfigLoader.load(write(valid())).probe().maxPendingResults()).isEqualTo(10_000);

        Path file = write(valid() + "  probe:\n    max-pending-results: 0\n");

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.probe.max-pending-results: must be positive, got 0");
    }

    @Test
    void shouldNameTheKeyWhenAGroupNamesAnUnknownRegion() throws IOException {
        Path file = write(valid().replace("regions: [gra, rbx]", "regions: [gra, sbg]"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.groups.app.regions[1]: unknown region 'sbg' (known: gra, rbx)");
    }

    @Test
    void shouldNameTheKeyWhenAnEndpointHasNoUrl() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n", ""));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].url: required for an http check");
    }

    @Test
    void shouldReadATcpEndpointWithItsAddressAndNoUrl() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n",
                "          check: tcp\n          address: 127.0.0.1:5432\n"));

        TripswitchConfig config = TripswitchConfigLoader.load(file);

        TripswitchConfig.Endpoint endpoint = config.regions().get("rbx").endpoints().get(0);
        assertThat(endpoint.check()).isEqualTo(TripswitchConfig.CheckType.TCP);
        assertThat(endpoint.address()).contains("127.0.0.1:5432");
        assertThat(endpoint.url()).isEmpty();
    }

    @Test
    void shouldNameTheKeyWhenATcpEndpointHasNoAddress() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n", "          check: tcp\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].address: required for a tcp check");
    }

    @Test
    void shouldRejectATcpAddressWithoutAPort() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n",
                "          check: tcp\n          address: 127.0.0.1\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].address: must be host:port");
    }

    @Test
    void shouldRejectAUrlOnATcpEndpointInsteadOfIgnoringIt() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n",
                "          url: http://127.0.0.1:18091/health\n          check: tcp\n          address: 127.0.0.1:18091\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].url: only for an http check, this is a tcp check");
    }

    @Test
    void shouldReadAnHaproxyEndpointWithItsSocketAndBackend() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n",
                "          check: haproxy\n          socket: /run/haproxy/admin.sock\n          backend: app_rbx\n"));

        TripswitchConfig.Endpoint endpoint = TripswitchConfigLoader.load(file).regions().get("rbx").endpoints().get(0);

        assertThat(endpoint.check()).isEqualTo(TripswitchConfig.CheckType.HAPROXY);
        assertThat(endpoint.socket()).contains("/run/haproxy/admin.sock");
        assertThat(endpoint.backend()).contains("app_rbx");
    }

    @Test
    void shouldNameTheKeyWhenAnHaproxyEndpointHasNoSocket() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n", "          check: haproxy\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].socket: required for a haproxy check");
    }

    @Test
    void shouldRejectABackendOnAnHttpEndpoint() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n",
                "          url: http://127.0.0.1:18091/health\n          backend: app_rbx\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].backend: only for a haproxy check, this is an http check");
    }

    @Test
    void shouldReadADnsEndpointWithItsNameResolverAndGroup() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n",
                "          check: dns\n          name: app.example.test.\n          resolver: 127.0.0.1:5353\n          group: app\n"));

        TripswitchConfig.Endpoint endpoint = TripswitchConfigLoader.load(file).regions().get("rbx").endpoints().get(0);

        assertThat(endpoint.check()).isEqualTo(TripswitchConfig.CheckType.DNS);
        assertThat(endpoint.name()).contains("app.example.test.");
        assertThat(endpoint.resolver()).contains("127.0.0.1:5353");
        assertThat(endpoint.group()).contains("app");
    }

    @Test
    void shouldNameEveryMissingKeyOfADnsEndpoint() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n", "          check: dns\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].name: required for a dns check")
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].resolver: required for a dns check")
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].group: required for a dns check");
    }

    @Test
    void shouldRejectADnsCheckOfAnUnknownGroup() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n",
                "          check: dns\n          name: app.example.test.\n          resolver: 127.0.0.1:5353\n          group: shop\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].group: unknown group 'shop' (known: app)");
    }

    @Test
    void shouldNameTheKeyOfAnUnknownCheckType() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n",
                "          url: http://127.0.0.1:18091/health\n          check: icmp\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].check");
    }

    @Test
    void shouldRejectAnActuationTargetForAnUnknownGroup() throws IOException {
        Path file = write(valid().replace("      app-record:\n        group: app", "      app-record:\n        group: shop"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.actuator.dns.app-record.group: unknown group 'shop'");
    }

    @Test
    void shouldRejectAnHaproxyTargetMissingABackendForARegionOfItsGroup() throws IOException {
        Path file = write(valid().replace("          rbx: app_rbx\n", ""));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.actuator.haproxy.gra-lb.backends: no entry for region 'rbx' of the group");
    }

    @Test
    void shouldRejectANonHttpUrl() throws IOException {
        Path file = write(valid().replace("http://127.0.0.1:18091/health", "ftp://127.0.0.1/health"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].url: must be an absolute http(s) URL");
    }

    @Test
    void shouldReadTheHttpOptionsAndTlsSettingsOfAnHttpsEndpoint() throws IOException {
        // given an https endpoint with every http option
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n", String.join("\n",
                "          url: https://127.0.0.1:18443/health",
                "          method: HEAD",
                "          expected-statuses: [200, 204, 3xx]",
                "          connect-timeout: 200ms",
                "          read-timeout: 500ms",
                "          tls:",
                "            server-name: primary.example.com",
                "            trust-pem: /etc/tripswitch/ca.pem",
                "            trust-pkcs12: /etc/tripswitch/trust.p12",
                "            trust-password-env: TRUST_PASSWORD",
                "            verify: true",
                "")));

        // when
        TripswitchConfig config = TripswitchConfigLoader.load(file);

        // then
        TripswitchConfig.Endpoint endpoint = config.regions().get("rbx").endpoints().get(0);
        assertThat(endpoint.method()).contains("HEAD");
        assertThat(endpoint.expectedStatuses()).contains(List.of("200", "204", "3xx"));
        assertThat(endpoint.bodyContains()).isEmpty();
        assertThat(endpoint.connectTimeout()).contains(Duration.ofMillis(200));
        assertThat(endpoint.readTimeout()).contains(Duration.ofMillis(500));
        TripswitchConfig.Tls tls = endpoint.tls().orElseThrow();
        assertThat(tls.serverName()).contains("primary.example.com");
        assertThat(tls.trustPem()).contains("/etc/tripswitch/ca.pem");
        assertThat(tls.trustPkcs12()).contains("/etc/tripswitch/trust.p12");
        assertThat(tls.trustPasswordEnv()).contains("TRUST_PASSWORD");
        assertThat(tls.trustPasswordFile()).isEmpty();
        assertThat(tls.verify()).contains(true);
        // and an endpoint without them has none
        TripswitchConfig.Endpoint plain = config.regions().get("gra").endpoints().get(0);
        assertThat(plain.method()).isEmpty();
        assertThat(plain.expectedStatuses()).isEmpty();
        assertThat(plain.tls()).isEmpty();
    }

    @Test
    void shouldReadTheBodySubstringAnHttpCheckExpects() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n",
                "          url: http://127.0.0.1:18091/health\n          body-contains: '\"status\":\"UP\"'\n"));

        assertThat(TripswitchConfigLoader.load(file).regions().get("rbx").endpoints().get(0).bodyContains()).contains("\"status\":\"UP\"");
    }

    @Test
    void shouldNameTheEntryOfAnExpectedStatusThatIsNeitherACodeNorAClass() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n",
                "          url: http://127.0.0.1:18091/health\n          expected-statuses: [200, 20x, 600]\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].expected-statuses[1]: must be a status code 100-599 or a class 1xx-5xx, got '20x'")
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].expected-statuses[2]: must be a status code 100-599 or a class 1xx-5xx, got '600'");
    }

    @Test
    void shouldRejectAnUnknownHttpMethod() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n",
                "          url: http://127.0.0.1:18091/health\n          method: get\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].method: must be one of GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH, got 'get'");
    }

    @Test
    void shouldRejectABodySubstringOnAHeadCheck() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n",
                "          url: http://127.0.0.1:18091/health\n          method: HEAD\n          body-contains: ok\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].body-contains: the answer to a HEAD request has no body");
    }

    @Test
    void shouldRejectAPhaseTimeoutLongerThanTheWholeChecksTimeout() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n",
                "          url: http://127.0.0.1:18091/health\n          connect-timeout: 2s\n          read-timeout: 0s\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].connect-timeout: must not be longer than the timeout (800ms)")
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].read-timeout: must be positive");
    }

    @Test
    void shouldRejectTlsSettingsOnAPlainHttpUrl() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n",
                "          url: http://127.0.0.1:18091/health\n          tls:\n            server-name: primary.example.com\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].tls: only for an https url");
    }

    @Test
    void shouldRejectTwoSourcesOrAMisplacedTrustStorePassword() throws IOException {
        Path both = write(valid().replace("          url: http://127.0.0.1:18091/health\n", String.join("\n",
                "          url: https://127.0.0.1:18443/health",
                "          tls:",
                "            trust-pkcs12: /etc/tripswitch/trust.p12",
                "            trust-password-env: TRUST_PASSWORD",
                "            trust-password-file: /run/secrets/trust-password",
                "")));
        assertThatThrownBy(() -> TripswitchConfigLoader.load(both))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].tls.trust-password-env: give the trust store password by "
                        + "trust-password-env or trust-password-file, not both");

        Path pemOnly = write(valid().replace("          url: http://127.0.0.1:18091/health\n", String.join("\n",
                "          url: https://127.0.0.1:18443/health",
                "          tls:",
                "            trust-pem: /etc/tripswitch/ca.pem",
                "            trust-password-file: /run/secrets/trust-password",
                "            server-name: primary.example.com:443",
                "")));
        assertThatThrownBy(() -> TripswitchConfigLoader.load(pemOnly))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].tls.trust-password-file: only with trust-pkcs12")
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].tls.server-name: must be a DNS host name (no port), "
                        + "got 'primary.example.com:443'");
    }

    @Test
    void shouldRejectHttpOptionsOnATcpEndpoint() throws IOException {
        Path file = write(valid().replace("          url: http://127.0.0.1:18091/health\n",
                "          check: tcp\n          address: 127.0.0.1:5432\n          method: GET\n          expected-statuses: [200]\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].method: only for an http check, this is a tcp check")
                .hasMessageContaining("tripswitch.regions.rbx.endpoints[0].expected-statuses: only for an http check, this is a tcp check");
    }

    @Test
    void shouldRejectADnsTargetAddressThatIsNotAnIpAddress() throws IOException {
        Path file = write(valid().replace("rbx: [127.0.0.12, 127.0.0.13]", "rbx: [127.0.0.12, \"2001:db8::12\", app.example.com, 127.0.0.300]"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.actuator.dns.app-record.addresses.rbx[2]: must be an IPv4 or IPv6 address, got 'app.example.com'")
                .hasMessageContaining("tripswitch.actuator.dns.app-record.addresses.rbx[3]: must be an IPv4 or IPv6 address, got '127.0.0.300'")
                .message().doesNotContain("addresses.rbx[1]");
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
