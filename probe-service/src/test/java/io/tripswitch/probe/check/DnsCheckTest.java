package io.tripswitch.probe.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.fixtures.KnotServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsCheckTest {

    // Generous: a loaded machine. Group app's addresses as the actuator config lists them: gra 127.0.0.11, rbx 127.0.0.12 and .13.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, Set<String>> APP_ADDRESSES = Map.of("gra", Set.of("127.0.0.11"), "rbx", Set.of("127.0.0.12", "127.0.0.13"));

    @TempDir
    Path dir;

    private KnotServer knot;
    private final ActiveRegions activeRegions = new ActiveRegions();
    private final DnsCheck check = new DnsCheck(activeRegions);

    @AfterEach
    void stop() {
        if (knot != null) {
            knot.close();
        }
    }

    @Test
    void shouldReportUpWhenTheNameAnswersExactlyTheActiveRegionsAddresses() {
        // given rbx active and the name pointing at rbx's two addresses
        serve("127.0.0.12", "127.0.0.13");
        activeRegions.activate("app", "rbx");

        // when
        CheckOutcome outcome = run("app.example.test.", APP_ADDRESSES);

        // then
        assertThat(outcome.up()).isTrue();
        assertThat(outcome.detail()).isEqualTo("127.0.0.12, 127.0.0.13 (active region rbx)");
    }

    @Test
    void shouldReportDownNamingExpectedAndSeenWhenTheNameAnswersAnotherRegionsAddresses() {
        // given gra active while the name still points at rbx (a failback the DNS has not followed)
        serve("127.0.0.12", "127.0.0.13");
        activeRegions.activate("app", "gra");

        // when
        CheckOutcome outcome = run("app.example.test.", APP_ADDRESSES);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("answer 127.0.0.12, 127.0.0.13 (rbx's); expected active region gra's 127.0.0.11");
    }

    @Test
    void shouldReportDownWhenOnlySomeOfTheActiveRegionsAddressesAreAnswered() {
        // given rbx active but the record set has lost one of rbx's addresses
        serve("127.0.0.12");
        activeRegions.activate("app", "rbx");

        // when
        CheckOutcome outcome = run("app.example.test.", APP_ADDRESSES);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("answer 127.0.0.12; expected active region rbx's 127.0.0.12, 127.0.0.13");
    }

    @Test
    void shouldCompareTheAaaaAnswerWithTheActiveRegionsIpv6Addresses() {
        // given rbx with an IPv4 and an IPv6 address (written unabbreviated in the config), both served
        serve("127.0.0.12", "2001:db8::12");
        activeRegions.activate("app", "rbx");
        Map<String, Set<String>> dualStack = Map.of("gra", Set.of("127.0.0.11", "2001:db8::11"), "rbx", Set.of("127.0.0.12", "2001:DB8:0:0::12"));

        // when
        CheckOutcome outcome = run("app.example.test.", dualStack);

        // then
        assertThat(outcome.up()).isTrue();
        assertThat(outcome.detail()).isEqualTo("127.0.0.12, 2001:db8::12 (active region rbx)");
    }

    @Test
    void shouldReportDownWhenAnAaaaRecordIsNotOneOfTheActiveRegions() {
        // given the A records right, but a stray AAAA record
        serve("127.0.0.12", "127.0.0.13", "2001:db8::99");
        activeRegions.activate("app", "rbx");

        // when
        CheckOutcome outcome = run("app.example.test.", APP_ADDRESSES);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail())
                .isEqualTo("answer 127.0.0.12, 127.0.0.13, 2001:db8::99; expected active region rbx's 127.0.0.12, 127.0.0.13");
    }

    @Test
    void shouldAcceptOneRegionsAddressesWhileTheActiveRegionIsUnknown() {
        // given no group state seen yet
        serve("127.0.0.12", "127.0.0.13");

        // when
        CheckOutcome outcome = run("app.example.test.", APP_ADDRESSES);

        // then
        assertThat(outcome.up()).isTrue();
        assertThat(outcome.detail()).isEqualTo("127.0.0.12, 127.0.0.13 (rbx's; active region unknown)");
    }

    @Test
    void shouldReportDownWhileTheActiveRegionIsUnknownWhenTheAnswerMixesRegions() {
        // given an answer that is wrong whichever region is active
        serve("127.0.0.11", "127.0.0.12");

        // when
        CheckOutcome outcome = run("app.example.test.", APP_ADDRESSES);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("answer 127.0.0.11, 127.0.0.12 is no region's addresses of group app "
                + "(gra: 127.0.0.11; rbx: 127.0.0.12, 127.0.0.13); active region unknown");
    }

    @Test
    void shouldFollowTheActiveRegionWhenItChanges() {
        // given the name on rbx, and gra active
        serve("127.0.0.12", "127.0.0.13");
        activeRegions.activate("app", "gra");
        assertThat(run("app.example.test.", APP_ADDRESSES).up()).isFalse();

        // when the group fails over to rbx
        activeRegions.activate("app", "rbx");

        // then the same answer is now right
        assertThat(run("app.example.test.", APP_ADDRESSES).up()).isTrue();

        // and once the state is forgotten, the check is back to "unknown"
        activeRegions.forget("app");
        assertThat(run("app.example.test.", APP_ADDRESSES).detail()).endsWith("active region unknown)");
    }

    @Test
    void shouldReportDownWhenTheActiveRegionHasNoConfiguredAddress() {
        // given a group state naming a region this probe's config does not list for the group
        serve("127.0.0.12", "127.0.0.13");
        activeRegions.activate("app", "sbg");

        // when
        CheckOutcome outcome = run("app.example.test.", APP_ADDRESSES);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("active region sbg of group app has no configured address; answer 127.0.0.12, 127.0.0.13");
    }

    @Test
    void shouldReportDownWithTheRcodeWhenTheNameDoesNotExist() {
        // given
        serve("127.0.0.12");

        // when
        CheckOutcome outcome = run("shop.example.test.", APP_ADDRESSES);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("NXDOMAIN");
    }

    @Test
    void shouldReportDownWhenTheNameHasNoAddress() {
        // given
        serve("127.0.0.12");
        activeRegions.activate("app", "gra");

        // when
        CheckOutcome outcome = run("app-empty.example.test.", APP_ADDRESSES);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("no address (expected active region gra's 127.0.0.11)");
    }

    @Test
    void shouldReportDownWhenTheResolverDoesNotAnswer() {
        // given the resolver stopped
        serve("127.0.0.12");
        knot.close();

        // when
        CheckOutcome outcome = check.run(CheckTarget.dns("gra", "app-dns",
                new DnsQuery("app.example.test.", new InetSocketAddress("127.0.0.1", knot.port()), "app", APP_ADDRESSES),
                Duration.ofSeconds(1), Duration.ofMillis(500))).await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isFalse();
        // (the kernel's ICMP answer is quicker than the timeout, and either is a clear reason)
        assertThat(outcome.detail()).isIn("resolver 127.0.0.1:" + knot.port() + " unreachable", "timeout after 500ms");
    }

    private void serve(String... appAddresses) {
        knot = KnotServer.start(dir.resolve("knot"), List.of(appAddresses));
    }

    private CheckOutcome run(String name, Map<String, Set<String>> addresses) {
        return check.run(CheckTarget.dns("gra", "app-dns", new DnsQuery(name, new InetSocketAddress("127.0.0.1", knot.port()), "app",
                addresses), Duration.ofSeconds(1), TIMEOUT)).await().atMost(WAIT);
    }
}
