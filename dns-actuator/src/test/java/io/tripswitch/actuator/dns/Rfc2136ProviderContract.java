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
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
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

    private static final String EPOCH_OWNER = "_tripswitch-epoch.app.example.test.";

    /** The server lives for the whole class: each test starts with no epoch recorded (a fresh target). */
    @BeforeEach
    void forgetTheEpoch() throws Exception {
        Name zone = Name.fromString(AuthoritativeDnsServer.ZONE);
        Update update = new Update(zone);
        update.delete(Name.fromString(EPOCH_OWNER), Type.TXT);
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", server().port()));
        resolver.setTCP(true);
        resolver.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, Name.fromString(AuthoritativeDnsServer.KEY_NAME, Name.root), server().secret()));
        Message answer = resolver.send(update);
        assertThat(Rcode.string(answer.getRcode())).isEqualTo("NOERROR");
    }

    private List<String> epochAtTheServer() throws Exception {
        return client(Optional.empty(), server().port()).readTexts(Name.fromString(EPOCH_OWNER));
    }

    @Test
    void shouldWriteTheEpochAsATxtRecordInTheSameUpdateAsTheAddresses() throws Exception {
        DnsTarget target = target(server().secret());

        Outcome outcome = target.apply("rbx", 3);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(outcome.detail()).contains("epoch none -> 3");
        assertThat(epochAtTheServer()).containsExactly("3");
        assertThat(server().addressesOf(APP)).containsExactly("127.0.20.1");
        Outcome again = target.apply("rbx", 4);
        assertThat(again.result()).as(again.detail()).isEqualTo(Outcome.Result.ALREADY_IN_STATE);
        assertThat(again.detail()).contains("epoch 4 recorded");
        assertThat(epochAtTheServer()).containsExactly("4");
    }

    @Test
    void shouldNeverMoveBackANameCarryingAHigherEpochThanTheDecision() throws Exception {
        DnsTarget target = target(server().secret());
        target.apply("rbx", 7);

        Outcome stale = target.apply("gra", 6);

        assertThat(stale.result()).as(stale.detail()).isEqualTo(Outcome.Result.REJECTED);
        assertThat(stale.detail()).contains("carries epoch 7, newer than 6").contains("never moved back");
        assertThat(server().addressesOf(APP)).containsExactly("127.0.20.1");
        assertThat(epochAtTheServer()).containsExactly("7");
        Inspection resync = target.inspect("gra", 6);
        assertThat(resync.state()).as(resync.detail()).isEqualTo(Inspection.State.AHEAD);
        assertThat(target.preview("gra", 6).detail()).startsWith("would leave");
        assertThat(target.apply("gra", 8).result()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(server().addressesOf(APP)).containsExactly("127.0.10.1");
    }

    @Test
    void shouldRefuseAnUpdateWhosePrerequisiteOnThePreviousEpochNoLongerHoldsChangingNothing() throws Exception {
        target(server().secret()).apply("rbx", 5);
        Rfc2136Client client = client(Optional.of(server().secret()), server().port());
        Name zone = Name.fromString(AuthoritativeDnsServer.ZONE);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.replace(zone, Name.fromString(APP), List.of(ip("127.0.10.1")), 30,
                        Name.fromString(EPOCH_OWNER), new EpochStamp(OptionalLong.of(4), 6)))
                .isInstanceOf(EpochConflictException.class).hasMessageContaining("NXRRSET");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.replace(zone, Name.fromString(APP), List.of(ip("127.0.10.1")), 30,
                        Name.fromString(EPOCH_OWNER), new EpochStamp(OptionalLong.empty(), 6)))
                .isInstanceOf(EpochConflictException.class).hasMessageContaining("YXRRSET");

        assertThat(server().addressesOf(APP)).containsExactly("127.0.20.1");
        assertThat(epochAtTheServer()).containsExactly("5");
    }

    @Test
    void shouldLetTheStaleOfTwoActuatorsRacingOnOneNameLoseCleanly() throws Exception {
        target(server().secret()).apply("gra", 1);
        // Two actuators read epoch 1 at the same time. The stale one (epoch 2: rbx) is held between its read and its write
        // until the newer one (epoch 3: gra) has recorded its epoch; the stale one's prerequisite on epoch 1 then fails,
        // and judged again on what the name now carries, it is refused: nothing moves back to rbx.
        CountDownLatch staleHasRead = new CountDownLatch(1);
        CountDownLatch newerHasWritten = new CountDownLatch(1);
        Rfc2136Provider real = new Rfc2136Provider(client(Optional.of(server().secret()), server().port()));
        DnsProvider heldAfterItsFirstRead = new DnsProvider() {
            private boolean held;

            @Override
            public String id() {
                return real.id();
            }

            @Override
            public RecordSet read(DnsName name) throws java.io.IOException {
                return real.read(name);
            }

            @Override
            public OptionalLong readEpoch(DnsName name) throws java.io.IOException {
                OptionalLong epoch = real.readEpoch(name);
                if (!held) {
                    held = true;
                    staleHasRead.countDown();
                    try {
                        assertThat(newerHasWritten.await(10, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return epoch;
            }

            @Override
            public void apply(DnsName name, RecordSet desired) throws java.io.IOException {
                real.apply(name, desired);
            }

            @Override
            public void apply(DnsName name, RecordSet desired, EpochStamp stamp) throws java.io.IOException {
                real.apply(name, desired, stamp);
            }

            @Override
            public boolean recordsEpoch() {
                return true;
            }

            @Override
            public boolean comparesAndSets() {
                return true;
            }

            @Override
            public String describe() {
                return real.describe();
            }
        };
        Map<String, List<InetAddress>> addresses = Map.of("gra", List.of(ip("127.0.10.1")), "rbx", List.of(ip("127.0.20.1")));
        DnsTarget staleActuator = new DnsTarget("app", NAME, Duration.ofSeconds(30), addresses, heldAfterItsFirstRead);
        DnsTarget newerActuator = new DnsTarget("app", NAME, Duration.ofSeconds(30), addresses, real);

        CompletableFuture<Outcome> stale = CompletableFuture.supplyAsync(() -> staleActuator.apply("rbx", 2));
        assertThat(staleHasRead.await(10, TimeUnit.SECONDS)).isTrue();
        Outcome newer = newerActuator.apply("gra", 3);
        newerHasWritten.countDown();
        Outcome lost = stale.get(10, TimeUnit.SECONDS);

        assertThat(newer.result()).as(newer.detail()).isEqualTo(Outcome.Result.ALREADY_IN_STATE);
        assertThat(lost.result()).as(lost.detail()).isEqualTo(Outcome.Result.REJECTED);
        assertThat(lost.detail()).contains("carries epoch 3, newer than 2");
        assertThat(server().addressesOf(APP)).containsExactly("127.0.10.1");
        assertThat(epochAtTheServer()).containsExactly("3");
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
