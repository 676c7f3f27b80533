package io.tripswitch.probe.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.probe.testing.KnotServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsCheckTest {

    // Generous: a loaded machine. Group addresses as the actuator config lists them: gra 127.0.0.11, rbx 127.0.0.12 and .13.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Set<String> GROUP_ADDRESSES = Set.of("127.0.0.11", "127.0.0.12", "127.0.0.13");

    @TempDir
    Path dir;

    private KnotServer knot;
    private final DnsCheck check = new DnsCheck();

    @BeforeEach
    void start() {
        knot = KnotServer.start(dir.resolve("knot"), List.of("127.0.0.12", "127.0.0.13"));
    }

    @AfterEach
    void stop() {
        knot.close();
    }

    @Test
    void shouldReportUpWhenEveryAnsweredAddressIsOneOfTheGroups() {
        // when the name answers rbx's two addresses
        CheckOutcome outcome = check.run(target("app.example.test.", GROUP_ADDRESSES)).await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isTrue();
        assertThat(outcome.detail()).isEqualTo("127.0.0.12, 127.0.0.13");
    }

    @Test
    void shouldReportDownNamingTheAddressesTheGroupNeverHas() {
        // given a group that may only point to gra and 127.0.0.12
        CheckOutcome outcome = check.run(target("app.example.test.", Set.of("127.0.0.11", "127.0.0.12"))).await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).startsWith("unexpected 127.0.0.13 (answer 127.0.0.12, 127.0.0.13; expected any of 127.0.0.11, 127.0.0.12)");
    }

    @Test
    void shouldReportDownWithTheRcodeWhenTheNameDoesNotExist() {
        // when
        CheckOutcome outcome = check.run(target("shop.example.test.", GROUP_ADDRESSES)).await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("NXDOMAIN");
    }

    @Test
    void shouldReportDownWhenTheNameHasNoAddress() {
        // when
        CheckOutcome outcome = check.run(target("app-empty.example.test.", GROUP_ADDRESSES)).await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).isEqualTo("no address");
    }

    @Test
    void shouldReportDownWhenTheResolverDoesNotAnswer() {
        // given the resolver stopped
        knot.close();

        // when
        CheckOutcome outcome = check.run(CheckTarget.dns("gra", "app-dns",
                new DnsQuery("app.example.test.", new InetSocketAddress("127.0.0.1", knot.port()), GROUP_ADDRESSES),
                Duration.ofSeconds(1), Duration.ofMillis(500))).await().atMost(WAIT);

        // then
        assertThat(outcome.up()).isFalse();
    }

    private CheckTarget target(String name, Set<String> expected) {
        return CheckTarget.dns("gra", "app-dns", new DnsQuery(name, new InetSocketAddress("127.0.0.1", knot.port()), expected),
                Duration.ofSeconds(1), TIMEOUT);
    }
}
