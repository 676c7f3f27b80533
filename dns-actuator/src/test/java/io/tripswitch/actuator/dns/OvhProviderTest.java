package io.tripswitch.actuator.dns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.tripswitch.actuator.domain.Inspection;
import io.tripswitch.actuator.domain.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Address;

/**
 * The OVH provider with its own HTTP client against WireMock on 127.0.0.1, standing in for the OVH API:
 * every stub only answers requests whose signature {@link OvhSignedRequest} recomputes and accepts;
 * anything else gets OVH's 400 "Invalid signature".
 */
class OvhProviderTest {

    private static final String ZONE = "/1.0/domain/zone/example.test";
    private static final String APPLICATION_KEY = "tripswitchTestAppKey";

    private final String applicationSecret = randomSecret();
    private final String consumerKey = randomSecret();
    private WireMockServer ovh;

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @BeforeEach
    void startOvhStandIn() {
        ovh = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        ovh.start();
        apiTime(Clock.systemUTC().instant().getEpochSecond());
        ovh.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"errorCode\":\"INVALID_SIGNATURE\",\"httpCode\":\"400 Bad Request\",\"message\":\"Invalid signature\"}")));
        records("AAAA");
        epochRecord();
    }

    /** The zone has the epoch TXT at {@code _tripswitch-epoch.app} (id 301) with this value, or none without one. */
    private void epochRecord(long... epoch) {
        if (epoch.length == 1) {
            ovh.stubFor(signed(get(urlEqualTo(ZONE + "/record/301"))).willReturn(okJson("{\"id\":301,\"zone\":\"example.test\","
                    + "\"subDomain\":\"_tripswitch-epoch.app\",\"fieldType\":\"TXT\",\"target\":\"\\\"" + epoch[0] + "\\\"\",\"ttl\":30}")));
        }
        ovh.stubFor(signed(get(urlPathEqualTo(ZONE + "/record")).withQueryParam("fieldType", equalTo("TXT"))
                .withQueryParam("subDomain", equalTo("_tripswitch-epoch.app"))).willReturn(okJson(epoch.length == 1 ? "[301]" : "[]")));
    }

    @AfterEach
    void stopOvhStandIn() {
        ovh.stop();
    }

    private void apiTime(long epochSecond) {
        ovh.stubFor(get(urlEqualTo("/1.0/auth/time")).atPriority(1).willReturn(okJson(Long.toString(epochSecond))));
    }

    private DnsTarget target(String secret, Clock clock) throws Exception {
        OvhApiClient api = new OvhApiClient(URI.create(ovh.baseUrl() + "/1.0"), new OvhCredentials(APPLICATION_KEY, secret, consumerKey),
                HttpClient.newHttpClient(), clock, Duration.ofSeconds(10));
        return new DnsTarget("app", new DnsName("example.test.", "app"), Duration.ofSeconds(30),
                Map.of("gra", List.of(Address.getByAddress("127.0.10.1")), "rbx", List.of(Address.getByAddress("127.0.20.1"))),
                new OvhProvider(api));
    }

    private DnsTarget target() throws Exception {
        return target(applicationSecret, Clock.systemUTC());
    }

    /** A stub that answers only correctly signed requests. */
    private MappingBuilder signed(MappingBuilder request) {
        return request.atPriority(1).andMatching(new OvhSignedRequest(APPLICATION_KEY, applicationSecret, consumerKey, Clock.systemUTC(),
                Duration.ofSeconds(30)));
    }

    /** The zone has these records of {@code type} at {@code app} (ttl 30), given as id, target, id, target… */
    private void records(String type, Object... idsAndTargets) {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < idsAndTargets.length; i += 2) {
            long id = (Long) idsAndTargets[i];
            ids.append(ids.isEmpty() ? "" : ",").append(id);
            ovh.stubFor(signed(get(urlEqualTo(ZONE + "/record/" + id))).willReturn(okJson("{\"id\":" + id
                    + ",\"zone\":\"example.test\",\"subDomain\":\"app\",\"fieldType\":\"" + type + "\",\"target\":\""
                    + idsAndTargets[i + 1] + "\",\"ttl\":30}")));
        }
        ovh.stubFor(signed(get(urlPathEqualTo(ZONE + "/record")).withQueryParam("fieldType", equalTo(type))
                .withQueryParam("subDomain", equalTo("app"))).willReturn(okJson("[" + ids + "]")));
    }

    private void writesAccepted() {
        ovh.stubFor(signed(put(urlPathEqualTo(ZONE + "/record/101"))).willReturn(okJson("null")));
        ovh.stubFor(signed(post(urlEqualTo(ZONE + "/record"))).willReturn(okJson("{\"id\":201,\"zone\":\"example.test\","
                + "\"subDomain\":\"app\",\"fieldType\":\"A\",\"target\":\"127.0.20.1\",\"ttl\":30}")));
        ovh.stubFor(signed(delete(urlPathEqualTo(ZONE + "/record/102"))).willReturn(okJson("null")));
        ovh.stubFor(signed(post(urlEqualTo(ZONE + "/refresh"))).willReturn(okJson("null")));
    }

    /** Every write the stand-in received, in order, as {@code METHOD path}. */
    private List<String> writes() {
        return ovh.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(request -> !request.getMethod().getName().equals("GET"))
                .map(request -> request.getMethod().getName() + " " + request.getUrl())
                .toList();
    }

    @Test
    void shouldUpdateTheExistingRecordInPlaceThenRefreshTheZone() throws Exception {
        records("A", 101L, "127.0.10.1");
        writesAccepted();
        DnsTarget target = target();

        Outcome outcome = target.apply("rbx", 2);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(outcome.detail()).contains("[127.0.10.1] ttl 30 -> [127.0.20.1] ttl 30");
        assertThat(target.name()).isEqualTo("dns:ovh:example.test./app");
        assertThat(writes()).containsExactly("PUT " + ZONE + "/record/101", "POST " + ZONE + "/record", "POST " + ZONE + "/refresh");
        ovh.verify(putRequestedFor(urlEqualTo(ZONE + "/record/101"))
                .withRequestBody(equalToJson("{\"subDomain\":\"app\",\"target\":\"127.0.20.1\",\"ttl\":30}")));
    }

    @Test
    void shouldCreateTheRecordWhenTheNameHasNoneThenRefreshTheZone() throws Exception {
        records("A");
        writesAccepted();

        Outcome outcome = target().apply("rbx", 2);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(writes()).containsExactly("POST " + ZONE + "/record", "POST " + ZONE + "/record", "POST " + ZONE + "/refresh");
        ovh.verify(postRequestedFor(urlEqualTo(ZONE + "/record")).withRequestBody(
                equalToJson("{\"fieldType\":\"TXT\",\"subDomain\":\"_tripswitch-epoch.app\",\"target\":\"\\\"2\\\"\",\"ttl\":30}")));
        ovh.verify(postRequestedFor(urlEqualTo(ZONE + "/record"))
                .withRequestBody(equalToJson("{\"fieldType\":\"A\",\"subDomain\":\"app\",\"target\":\"127.0.20.1\",\"ttl\":30}")));
    }

    @Test
    void shouldDeleteARecordTheRegionDoesNotHaveAndKeepTheRightOne() throws Exception {
        records("A", 101L, "127.0.10.1", 102L, "127.0.10.2");
        writesAccepted();

        Outcome outcome = target().apply("gra", 2);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(writes()).containsExactly("DELETE " + ZONE + "/record/102", "POST " + ZONE + "/record", "POST " + ZONE + "/refresh");
    }

    @Test
    void shouldRefreshTheZoneOnceAfterAStartThenReportAlreadyInStateWithoutWritingWhenTheRecordsMatch() throws Exception {
        // a predecessor may have changed the records and stopped before refreshing: a fresh actuator cannot tell
        records("A", 101L, "127.0.20.1");
        writesAccepted();
        DnsTarget target = target();

        Inspection atStart = target.inspect("rbx");
        Outcome first = target.apply("rbx", 2);
        epochRecord(2); // OVH now holds the epoch the first attempt recorded
        Inspection afterwards = target.inspect("rbx");
        Outcome second = target.apply("rbx", 2);

        assertThat(atStart.state()).isEqualTo(Inspection.State.UNSETTLED);
        assertThat(atStart.detail()).contains("zone example.test not refreshed");
        assertThat(first.result()).as(first.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(first.detail()).contains("zone example.test refreshed");
        assertThat(afterwards.state()).isEqualTo(Inspection.State.IN_STATE);
        assertThat(second.result()).as(second.detail()).isEqualTo(Outcome.Result.ALREADY_IN_STATE);
        assertThat(writes()).containsExactly("POST " + ZONE + "/refresh", "POST " + ZONE + "/record", "POST " + ZONE + "/refresh");
    }

    @Test
    void shouldRewriteTheEpochRecordInPlaceInTheSameRefreshAsTheAddresses() throws Exception {
        records("A", 101L, "127.0.10.1");
        epochRecord(1);
        writesAccepted();
        ovh.stubFor(signed(put(urlPathEqualTo(ZONE + "/record/301"))).willReturn(okJson("null")));

        Outcome outcome = target().apply("rbx", 2);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(writes()).containsExactly("PUT " + ZONE + "/record/101", "PUT " + ZONE + "/record/301", "POST " + ZONE + "/refresh");
        ovh.verify(putRequestedFor(urlEqualTo(ZONE + "/record/301"))
                .withRequestBody(equalToJson("{\"subDomain\":\"_tripswitch-epoch.app\",\"target\":\"\\\"2\\\"\",\"ttl\":30}")));
    }

    @Test
    void shouldNeverMoveBackANameCarryingANewerEpochReadJustBefore() throws Exception {
        records("A", 101L, "127.0.20.1");
        epochRecord(7);
        writesAccepted();

        Outcome outcome = target().apply("gra", 6);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.REJECTED);
        assertThat(outcome.detail()).contains("carries epoch 7, newer than 6");
        assertThat(writes()).isEmpty();
    }

    @Test
    void shouldReportFailedWithoutAnySecretWhenSignedWithTheWrongSecret() throws Exception {
        records("A", 101L, "127.0.10.1");
        writesAccepted();
        String wrongSecret = randomSecret();

        Outcome outcome = target(wrongSecret, Clock.systemUTC()).apply("rbx", 2);

        assertThat(outcome.result()).isEqualTo(Outcome.Result.FAILED);
        assertThat(outcome.detail()).contains("answered 400: Invalid signature")
                .doesNotContain(wrongSecret).doesNotContain(applicationSecret).doesNotContain(consumerKey);
        assertThat(writes()).isEmpty();
    }

    @Test
    void shouldSignWithTheApisTimeWhenTheLocalClockIsAnHourOff() throws Exception {
        records("A", 101L, "127.0.10.1");
        writesAccepted();

        Outcome outcome = target(applicationSecret, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1))).apply("rbx", 2);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(writes()).containsExactly("PUT " + ZONE + "/record/101", "POST " + ZONE + "/record", "POST " + ZONE + "/refresh");
    }

    @Test
    void shouldBeRefusedWhenItsTimestampIsStale() throws Exception {
        records("A", 101L, "127.0.10.1");
        writesAccepted();
        apiTime(Clock.systemUTC().instant().minus(Duration.ofHours(1)).getEpochSecond());

        Outcome outcome = target().apply("rbx", 2);

        assertThat(outcome.result()).isEqualTo(Outcome.Result.FAILED);
        assertThat(outcome.detail()).contains("answered 400");
        assertThat(writes()).isEmpty();
    }

    @Test
    void shouldRefreshTheZoneOnTheNextAttemptWhenTheRefreshFailed() throws Exception {
        records("A", 101L, "127.0.10.1");
        writesAccepted();
        String refreshed = "refreshed " + UUID.randomUUID();
        ovh.stubFor(signed(post(urlEqualTo(ZONE + "/refresh"))).inScenario("refresh").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("{\"message\":\"Internal server error\"}")).willSetStateTo(refreshed));
        ovh.stubFor(signed(post(urlEqualTo(ZONE + "/refresh"))).inScenario("refresh").whenScenarioStateIs(refreshed)
                .willReturn(okJson("null")));
        DnsTarget target = target();

        Outcome first = target.apply("rbx", 2);
        records("A", 101L, "127.0.20.1"); // OVH now holds the new record and its epoch, not yet served
        epochRecord(2);
        Inspection unserved = target.inspect("rbx");
        Outcome retry = target.apply("rbx", 2);

        assertThat(first.result()).isEqualTo(Outcome.Result.FAILED);
        assertThat(first.detail()).contains("POST /domain/zone/example.test/refresh answered 500: Internal server error");
        assertThat(unserved.state()).as("records right but not served: a resync must not call this in state")
                .isEqualTo(Inspection.State.UNSETTLED);
        assertThat(retry.result()).as(retry.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(retry.detail()).contains("zone example.test refreshed");
        assertThat(writes()).containsExactly("PUT " + ZONE + "/record/101", "POST " + ZONE + "/record", "POST " + ZONE + "/refresh",
                "POST " + ZONE + "/refresh");
        assertThat(target.apply("rbx", 2).result()).isEqualTo(Outcome.Result.ALREADY_IN_STATE);
    }
}
