package io.tripswitch.actuator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.actuator.domain.Inspection;
import io.tripswitch.actuator.domain.Outcome;
import io.tripswitch.actuator.support.KnotServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/** RFC 2136 updates with TSIG against a real Knot server; the effect is checked with real queries. */
class Rfc2136TargetTest {

    private static final String APP = "app.example.test.";

    @TempDir
    static Path dir;

    private static KnotServer knot;

    @BeforeAll
    static void startKnot() {
        knot = KnotServer.start(dir.resolve("knot"), "127.0.10.1");
    }

    @AfterAll
    static void stopKnot() {
        if (knot != null) {
            knot.close();
        }
    }

    private static Rfc2136Target target(String secret) throws Exception {
        Name zone = Name.fromString(KnotServer.ZONE);
        TSIG tsig = new TSIG(TSIG.HMAC_SHA256, Name.fromString(KnotServer.KEY_NAME, Name.root), secret);
        Rfc2136Client client = new Rfc2136Client(new InetSocketAddress("127.0.0.1", knot.port()), Optional.of(tsig),
                Duration.ofSeconds(5));
        return new Rfc2136Target("app", zone, Name.fromString("app", zone), "app", Duration.ofSeconds(30),
                Map.of("gra", List.of(ip("127.0.10.1")), "rbx", List.of(ip("127.0.20.1"), ip("::1"))), client);
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return Address.getByAddress(literal);
    }

    @Test
    void shouldPointTheNameAtTheActiveRegionSoARealQuerySeesIt() throws Exception {
        Rfc2136Target target = target(knot.secret());
        target.apply("gra", 1);

        Outcome outcome = target.apply("rbx", 2);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(knot.addressesOf(APP)).containsExactly("127.0.20.1");
        assertThat(target.name()).isEqualTo("dns:rfc2136:example.test./app");
    }

    @Test
    void shouldReportAlreadyInStateWhenTheRecordsAlreadyMatch() throws Exception {
        Rfc2136Target target = target(knot.secret());
        target.apply("rbx", 1);

        Outcome again = target.apply("rbx", 2);

        assertThat(again.result()).as(again.detail()).isEqualTo(Outcome.Result.ALREADY_IN_STATE);
        assertThat(knot.addressesOf(APP)).containsExactly("127.0.20.1");
    }

    @Test
    void shouldReportFailedAndChangeNothingWhenTheTsigSecretIsWrong() throws Exception {
        target(knot.secret()).apply("gra", 1);
        String wrongSecret = Base64.getEncoder().encodeToString(new byte[32]);

        Outcome outcome = target(wrongSecret).apply("rbx", 2);

        assertThat(outcome.result()).isEqualTo(Outcome.Result.FAILED);
        assertThat(outcome.detail()).contains("NOTAUTH").doesNotContain(knot.secret()).doesNotContain(wrongSecret);
        assertThat(knot.addressesOf(APP)).containsExactly("127.0.10.1");
    }

    @Test
    void shouldOnlyDescribeTheChangeInAPreview() throws Exception {
        Rfc2136Target target = target(knot.secret());
        target.apply("gra", 1);

        Outcome preview = target.preview("rbx", 2);

        assertThat(preview.result()).isEqualTo(Outcome.Result.DRY_RUN);
        assertThat(preview.detail()).contains("would set").contains("127.0.20.1");
        assertThat(knot.addressesOf(APP)).containsExactly("127.0.10.1");
    }

    @Test
    void shouldSeeDriftWhenTheRecordsWereChangedBehindItsBackAndChangeNothing() throws Exception {
        Rfc2136Target target = target(knot.secret());
        target.apply("rbx", 1);
        assertThat(target.inspect("rbx").state()).isEqualTo(Inspection.State.IN_STATE);
        Name zone = Name.fromString(KnotServer.ZONE);
        Rfc2136Client someoneElse = new Rfc2136Client(new InetSocketAddress("127.0.0.1", knot.port()),
                Optional.of(new TSIG(TSIG.HMAC_SHA256, Name.fromString(KnotServer.KEY_NAME, Name.root), knot.secret())), Duration.ofSeconds(5));
        someoneElse.replace(zone, Name.fromString("app", zone), List.of(ip("127.0.10.1")), 30);

        Inspection inspection = target.inspect("rbx");

        assertThat(inspection.state()).as(inspection.detail()).isEqualTo(Inspection.State.DRIFTED);
        assertThat(inspection.detail()).contains("[127.0.10.1]").contains("rbx needs");
        assertThat(knot.addressesOf(APP)).containsExactly("127.0.10.1");
    }

    @Test
    void shouldReportFailedWhenTheServerDoesNotAnswer() throws Exception {
        Name zone = Name.fromString(KnotServer.ZONE);
        Rfc2136Client silent = new Rfc2136Client(new InetSocketAddress("127.0.0.1", 1), Optional.empty(), Duration.ofSeconds(2));
        Rfc2136Target target = new Rfc2136Target("app", zone, Name.fromString("app", zone), "app", Duration.ofSeconds(30),
                Map.of("rbx", List.of(ip("127.0.20.1"))), silent);

        Outcome outcome = target.apply("rbx", 1);

        assertThat(outcome.result()).isEqualTo(Outcome.Result.FAILED);
    }
}
