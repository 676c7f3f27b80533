package io.tripswitch.actuator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.actuator.domain.Inspection;
import io.tripswitch.actuator.domain.Outcome;
import io.tripswitch.fixtures.AuthoritativeDnsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * What a {@link DnsTarget} on the RFC 2136 provider must do against any real authoritative server;
 * each subclass starts one (Knot, BIND). The effect is always checked with real queries.
 */
abstract class Rfc2136ProviderContract {

    private static final String APP = "app.example.test.";
    private static final DnsName NAME = new DnsName(AuthoritativeDnsServer.ZONE, "app");

    /** The running server under test. */
    abstract AuthoritativeDnsServer server();

    private static Rfc2136Client client(Optional<String> secret, int port) throws TextParseException {
        Name keyName = Name.fromString(AuthoritativeDnsServer.KEY_NAME, Name.root);
        Optional<TSIG> tsig = secret.map(s -> new TSIG(TSIG.HMAC_SHA256, keyName, s));
        return new Rfc2136Client(new InetSocketAddress("127.0.0.1", port), tsig, Duration.ofSeconds(5));
    }

    private DnsTarget target(String secret) throws Exception {
        return new DnsTarget("app", NAME, Duration.ofSeconds(30),
                Map.of("gra", List.of(ip("127.0.10.1")), "rbx", List.of(ip("127.0.20.1"), ip("::1"))),
                new Rfc2136Provider(client(Optional.of(secret), server().port())));
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return Address.getByAddress(literal);
    }

    @Test
    void shouldPointTheNameAtTheActiveRegionSoARealQuerySeesIt() throws Exception {
        DnsTarget target = target(server().secret());
        target.apply("gra", 1);

        Outcome outcome = target.apply("rbx", 2);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(server().addressesOf(APP)).containsExactly("127.0.20.1");
        assertThat(server().ipv6AddressesOf(APP)).containsExactly("0:0:0:0:0:0:0:1");
        assertThat(target.name()).isEqualTo("dns:rfc2136:example.test./app");
    }

    @Test
    void shouldRemoveTheIpv6RecordsWhenTheNewRegionHasNone() throws Exception {
        DnsTarget target = target(server().secret());
        target.apply("rbx", 1);

        Outcome outcome = target.apply("gra", 2);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(server().addressesOf(APP)).containsExactly("127.0.10.1");
        assertThat(server().ipv6AddressesOf(APP)).isEmpty();
    }

    @Test
    void shouldReportAlreadyInStateWhenTheRecordsAlreadyMatch() throws Exception {
        DnsTarget target = target(server().secret());
        target.apply("rbx", 1);

        Outcome again = target.apply("rbx", 2);

        assertThat(again.result()).as(again.detail()).isEqualTo(Outcome.Result.ALREADY_IN_STATE);
        assertThat(server().addressesOf(APP)).containsExactly("127.0.20.1");
    }

    @Test
    void shouldReportFailedAndChangeNothingWhenTheTsigSecretIsWrong() throws Exception {
        target(server().secret()).apply("gra", 1);
        String wrongSecret = Base64.getEncoder().encodeToString(new byte[32]);

        Outcome outcome = target(wrongSecret).apply("rbx", 2);

        assertThat(outcome.result()).isEqualTo(Outcome.Result.FAILED);
        assertThat(outcome.detail()).contains("NOTAUTH").doesNotContain(server().secret()).doesNotContain(wrongSecret);
        assertThat(server().addressesOf(APP)).containsExactly("127.0.10.1");
    }

    @Test
    void shouldPassThePreflightWithTheRightKeyAndNameTheProblemOtherwiseChangingNothing() throws Exception {
        target(server().secret()).apply("gra", 1);
        String wrongSecret = Base64.getEncoder().encodeToString(new byte[32]);
        DnsTarget unreachable = new DnsTarget("app", NAME, Duration.ofSeconds(30), Map.of("rbx", List.of(ip("127.0.20.1"))),
                new Rfc2136Provider(client(Optional.empty(), 1)));

        assertThat(target(server().secret()).preflight()).isEmpty();
        assertThat(target(wrongSecret).preflight()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("dns:rfc2136:example.test./app").contains("NOTAUTH").doesNotContain(server().secret()).doesNotContain(wrongSecret));
        assertThat(unreachable.preflight()).hasValueSatisfying(problem -> assertThat(problem).contains("127.0.0.1:1"));
        assertThat(server().addressesOf(APP)).containsExactly("127.0.10.1");
    }

    @Test
    void shouldOnlyDescribeTheChangeInAPreview() throws Exception {
        DnsTarget target = target(server().secret());
        target.apply("gra", 1);

        Outcome preview = target.preview("rbx", 2);

        assertThat(preview.result()).isEqualTo(Outcome.Result.DRY_RUN);
        assertThat(preview.detail()).contains("would set").contains("127.0.20.1");
        assertThat(server().addressesOf(APP)).containsExactly("127.0.10.1");
    }

    @Test
    void shouldSeeDriftWhenTheRecordsWereChangedBehindItsBackAndChangeNothing() throws Exception {
        DnsTarget target = target(server().secret());
        target.apply("rbx", 1);
        assertThat(target.inspect("rbx").state()).isEqualTo(Inspection.State.IN_STATE);
        Name zone = Name.fromString(AuthoritativeDnsServer.ZONE);
        Rfc2136Client someoneElse = client(Optional.of(server().secret()), server().port());
        someoneElse.replace(zone, Name.fromString("app", zone), List.of(ip("127.0.10.1")), 30);

        Inspection inspection = target.inspect("rbx");

        assertThat(inspection.state()).as(inspection.detail()).isEqualTo(Inspection.State.DRIFTED);
        assertThat(inspection.detail()).contains("[127.0.10.1]").contains("rbx needs");
        assertThat(server().addressesOf(APP)).containsExactly("127.0.10.1");
    }

    @Test
    void shouldReadARecordSetTooLargeForAUdpAnswerOverTcp() throws Exception {
        List<InetAddress> many = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            many.add(ip("127.0.30." + i)); // 40 A records: ~700 bytes, over the 512 of a UDP answer without EDNS
        }
        DnsTarget target = new DnsTarget("app", NAME, Duration.ofSeconds(30), Map.of("gra", List.of(ip("127.0.10.1")), "big", many),
                new Rfc2136Provider(client(Optional.of(server().secret()), server().port())));
        target.apply("gra", 1);

        Outcome outcome = target.apply("big", 2);
        Outcome again = target.apply("big", 3);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(again.result()).as(again.detail()).isEqualTo(Outcome.Result.ALREADY_IN_STATE);
        assertThat(target.inspect("big").state()).isEqualTo(Inspection.State.IN_STATE);
        assertThat(server().addressesOf(APP)).hasSize(40);
    }

    @Test
    void shouldReportFailedWhenTheServerDoesNotAnswer() throws Exception {
        DnsTarget target = new DnsTarget("app", NAME, Duration.ofSeconds(30), Map.of("rbx", List.of(ip("127.0.20.1"))),
                new Rfc2136Provider(client(Optional.empty(), 1)));

        Outcome outcome = target.apply("rbx", 1);

        assertThat(outcome.result()).isEqualTo(Outcome.Result.FAILED);
        assertThat(target.inspect("rbx").state()).isEqualTo(Inspection.State.UNREADABLE);
    }
}
