package io.tripswitch.actuator.dns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tripswitch.actuator.domain.Inspection;
import io.tripswitch.actuator.domain.Outcome;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xbill.DNS.Address;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The Route 53 provider driving the real AWS SDK v2 against WireMock on 127.0.0.1, which answers with
 * the documented XML shapes of API version 2013-04-01. Credentials reach the SDK only through its
 * default provider chain (here: the {@code aws.accessKeyId} / {@code aws.secretAccessKey} system properties).
 */
class Route53ProviderTest {

    private static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";
    private static final String ZONE_ID = "Z0TRIPSWITCH42";
    private static final String RRSET = "/2013-04-01/hostedzone/" + ZONE_ID + "/rrset";
    private static final String CHANGE = "/2013-04-01/change/C2682N5HXP0BZ4";
    private static final String ACCESS_KEY = "AKIDTRIPSWITCHTEST";
    private static final String APP = "app.example.test.";

    private final String secretKey = Base64.getEncoder().encodeToString(randomBytes());
    private final Map<String, String> savedProperties = new HashMap<>();
    private final List<Route53Client> clients = new ArrayList<>();
    private WireMockServer route53;

    private static byte[] randomBytes() {
        byte[] bytes = new byte[30];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @BeforeEach
    void startRoute53StandIn() {
        for (String property : List.of("aws.accessKeyId", "aws.secretAccessKey")) {
            savedProperties.put(property, System.getProperty(property));
        }
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", secretKey);
        route53 = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        route53.start();
    }

    @AfterEach
    void stopAndRestore() {
        clients.forEach(Route53Client::close);
        route53.stop();
        savedProperties.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
    }

    private DnsTarget target(Duration syncTimeout) throws Exception {
        Route53Client client = Route53Provider.client(Optional.of(URI.create(route53.baseUrl())));
        clients.add(client);
        Route53Provider provider = new Route53Provider(client, "/hostedzone/" + ZONE_ID, syncTimeout, Duration.ofMillis(100), Clock.systemUTC());
        return new DnsTarget("app", new DnsName("example.test.", "app"), Duration.ofSeconds(30),
                Map.of("gra", List.of(ip("127.0.10.1")), "rbx", List.of(ip("127.0.20.1"), ip("2001:db8::20"))), provider);
    }

    private static InetAddress ip(String literal) throws Exception {
        return Address.getByAddress(literal);
    }

    // --- the documented response shapes --------------------------------------------------------

    private static String recordSet(String name, String type, int ttl, String... values) {
        StringBuilder records = new StringBuilder();
        for (String value : values) {
            records.append("<ResourceRecord><Value>").append(value).append("</Value></ResourceRecord>");
        }
        return "<ResourceRecordSet><Name>" + name + "</Name><Type>" + type + "</Type><TTL>" + ttl + "</TTL>"
                + "<ResourceRecords>" + records + "</ResourceRecords></ResourceRecordSet>";
    }

    /** The epoch TXT record set Tripswitch keeps beside the name (Route 53 returns TXT values quoted). */
    private static String epoch(long value) {
        return recordSet("_tripswitch-epoch.app.example.test.", "TXT", 30, "\"" + value + "\"");
    }

    /** ListResourceRecordSets from app.example.test. A on: the name's sets, then the next name's (ignored). */
    private void listing(String... recordSets) {
        route53.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(200, "<ListResourceRecordSetsResponse xmlns=\"" + NS + "\">"
                + "<ResourceRecordSets>" + String.join("", recordSets) + recordSet("www.example.test.", "A", 300, "127.0.99.9")
                + "</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>10</MaxItems></ListResourceRecordSetsResponse>")));
    }

    private static String changeInfo(String root, String status) {
        return "<" + root + " xmlns=\"" + NS + "\"><ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>" + status + "</Status>"
                + "<SubmittedAt>2026-01-01T00:00:00.000Z</SubmittedAt><Comment>tripswitch</Comment></ChangeInfo></" + root + ">";
    }

    private void changeAccepted() {
        route53.stubFor(post(urlPathMatching(RRSET + "/?")).willReturn(xml(200, changeInfo("ChangeResourceRecordSetsResponse", "PENDING"))));
    }

    /** GetChange answers these statuses in turn, then the last one for ever (a WireMock scenario). */
    private void changeStatuses(String... statuses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < statuses.length; i++) {
            String next = i + 1 < statuses.length ? "poll " + (i + 1) : state;
            ScenarioMappingBuilder poll = get(urlPathEqualTo(CHANGE)).inScenario("change").whenScenarioStateIs(state)
                    .willReturn(xml(200, changeInfo("GetChangeResponse", statuses[i])));
            route53.stubFor(next.equals(state) ? poll : poll.willSetStateTo(next));
            state = next;
        }
    }

    private static String error(String code, String message) {
        return "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
                + "</Message></Error><RequestId>8f9a2c4e-0000-4000-8000-000000000000</RequestId></ErrorResponse>";
    }

    private static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
    }

    // --- reading what the SDK sent ---------------------------------------------------------------

    /** Each change of each ChangeResourceRecordSets request as {@code ACTION name TYPE ttl N [values]}. */
    private List<String> changesSent() throws Exception {
        List<String> changes = new ArrayList<>();
        for (LoggedRequest request : route53.findAll(postRequestedFor(urlPathMatching(RRSET + "/?")))) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document body = factory.newDocumentBuilder().parse(new ByteArrayInputStream(request.getBodyAsString().getBytes(StandardCharsets.UTF_8)));
            assertThat(body.getDocumentElement().getLocalName()).isEqualTo("ChangeResourceRecordSetsRequest");
            assertThat(body.getDocumentElement().getNamespaceURI()).isEqualTo(NS);
            NodeList list = body.getElementsByTagNameNS(NS, "Change");
            for (int i = 0; i < list.getLength(); i++) {
                Element change = (Element) list.item(i);
                List<String> values = new ArrayList<>();
                NodeList valueNodes = change.getElementsByTagNameNS(NS, "Value");
                for (int v = 0; v < valueNodes.getLength(); v++) {
                    String value = valueNodes.item(v).getTextContent();
                    values.add("TXT".equals(text(change, "Type")) ? value : InetAddress.getByName(value).getHostAddress());
                }
                changes.add(text(change, "Action") + " " + text(change, "Name") + " " + text(change, "Type") + " ttl " + text(change, "TTL")
                        + " " + values);
            }
        }
        return changes;
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagNameNS(NS, tag).item(0).getTextContent();
    }

    // --- behaviour -------------------------------------------------------------------------------

    @Test
    void shouldUpsertTheRegionsRecordSetsAndReportAppliedOnlyOnceTheChangeIsInSync() throws Exception {
        listing(recordSet(APP, "A", 30, "127.0.10.1"));
        changeAccepted();
        changeStatuses("PENDING", "PENDING", "INSYNC");

        Outcome outcome = target(Duration.ofSeconds(30)).apply("rbx", 2);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(outcome.detail()).contains("[127.0.10.1] ttl 30 -> [127.0.20.1, 2001:db8:0:0:0:0:0:20] ttl 30").contains(ZONE_ID);
        assertThat(changesSent()).containsExactly(
                "UPSERT app.example.test. A ttl 30 [127.0.20.1]",
                "UPSERT app.example.test. AAAA ttl 30 [2001:db8:0:0:0:0:0:20]",
                "UPSERT _tripswitch-epoch.app.example.test. TXT ttl 30 [\"2\"]");
        route53.verify(3, getRequestedFor(urlPathEqualTo(CHANGE)));
        assertThat(route53.findAll(postRequestedFor(urlPathMatching(RRSET + "/?"))).get(0).getHeader("Authorization"))
                .as("signed with the key of the default provider chain").contains("Credential=" + ACCESS_KEY + "/")
                .doesNotContain(secretKey);
    }

    @Test
    void shouldDeleteTheIpv6SetWithItsCurrentValuesWhenTheNewRegionHasNone() throws Exception {
        listing(recordSet(APP, "A", 30, "127.0.20.1"), recordSet(APP, "AAAA", 30, "2001:db8::20"));
        changeAccepted();
        changeStatuses("INSYNC");

        Outcome outcome = target(Duration.ofSeconds(30)).apply("gra", 3);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(changesSent()).containsExactly(
                "UPSERT app.example.test. A ttl 30 [127.0.10.1]",
                "DELETE app.example.test. AAAA ttl 30 [2001:db8:0:0:0:0:0:20]",
                "UPSERT _tripswitch-epoch.app.example.test. TXT ttl 30 [\"3\"]");
    }

    @Test
    void shouldReportAlreadyInStateAndSendNoChangeWhenTheListingAlreadyMatches() throws Exception {
        listing(recordSet(APP, "A", 30, "127.0.20.1"), recordSet(APP, "AAAA", 30, "2001:db8::20"), epoch(2));

        DnsTarget target = target(Duration.ofSeconds(30));
        Outcome outcome = target.apply("rbx", 2);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.ALREADY_IN_STATE);
        assertThat(target.inspect("rbx").state()).isEqualTo(Inspection.State.IN_STATE);
        assertThat(target.name()).isEqualTo("dns:route53:example.test./app");
        route53.verify(0, postRequestedFor(urlPathMatching(RRSET + "/?")));
    }

    @Test
    void shouldRecordOnlyTheEpochWhenTheRecordsAlreadyMatchButCarryAnOlderOne() throws Exception {
        listing(recordSet(APP, "A", 30, "127.0.20.1"), recordSet(APP, "AAAA", 30, "2001:db8::20"), epoch(1));
        changeAccepted();
        changeStatuses("INSYNC");

        Outcome outcome = target(Duration.ofSeconds(30)).apply("rbx", 2);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.ALREADY_IN_STATE);
        assertThat(outcome.detail()).contains("epoch 2 recorded");
        assertThat(changesSent()).containsExactly("UPSERT _tripswitch-epoch.app.example.test. TXT ttl 30 [\"2\"]");
    }

    @Test
    void shouldNeverMoveBackANameCarryingANewerEpochReadJustBefore() throws Exception {
        listing(recordSet(APP, "A", 30, "127.0.20.1"), recordSet(APP, "AAAA", 30, "2001:db8::20"), epoch(7));

        DnsTarget target = target(Duration.ofSeconds(30));
        Outcome outcome = target.apply("gra", 6);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(Outcome.Result.REJECTED);
        assertThat(outcome.detail()).contains("carries epoch 7, newer than 6");
        assertThat(target.inspect("gra", 6).state()).isEqualTo(Inspection.State.AHEAD);
        route53.verify(0, postRequestedFor(urlPathMatching(RRSET + "/?")));
    }

    @Test
    void shouldSeeDriftWhenTheTtlWasChangedBehindItsBack() throws Exception {
        listing(recordSet(APP, "A", 300, "127.0.10.1"));

        Inspection inspection = target(Duration.ofSeconds(30)).inspect("gra");

        assertThat(inspection.state()).as(inspection.detail()).isEqualTo(Inspection.State.DRIFTED);
        assertThat(inspection.detail()).contains("is [127.0.10.1] ttl 300, gra needs [127.0.10.1] ttl 30");
        route53.verify(0, postRequestedFor(urlPathMatching(RRSET + "/?")));
    }

    @Test
    void shouldReportFailedWithRoute53sErrorButNoSecretWhenTheBatchIsRejected() throws Exception {
        listing(recordSet(APP, "A", 30, "127.0.10.1"));
        route53.stubFor(post(urlPathMatching(RRSET + "/?")).willReturn(xml(400, error("InvalidChangeBatch",
                "[RRSet of type A with DNS name app.example.test. is not permitted in zone example.test.]"))));

        Outcome outcome = target(Duration.ofSeconds(30)).apply("rbx", 2);

        assertThat(outcome.result()).isEqualTo(Outcome.Result.FAILED);
        assertThat(outcome.detail()).contains("400 InvalidChangeBatch").contains("is not permitted")
                .doesNotContain(secretKey).doesNotContain(ACCESS_KEY);
        route53.verify(0, getRequestedFor(urlPathEqualTo(CHANGE)));
    }

    @Test
    void shouldReportFailedAfterTheSdksRetriesWhenRoute53KeepsThrottling() throws Exception {
        listing(recordSet(APP, "A", 30, "127.0.10.1"));
        route53.stubFor(post(urlPathMatching(RRSET + "/?")).willReturn(xml(400, error("Throttling", "Rate exceeded"))));

        Outcome outcome = target(Duration.ofSeconds(30)).apply("rbx", 2);

        assertThat(outcome.result()).isEqualTo(Outcome.Result.FAILED);
        assertThat(outcome.detail()).contains("Throttling").contains("Rate exceeded").doesNotContain(secretKey);
        route53.verify(3, postRequestedFor(urlPathMatching(RRSET + "/?")));
    }

    @Test
    void shouldReportFailedWhenTheChangeIsNotInSyncInTimeThenFinishWaitingForItOnTheNextAttempt() throws Exception {
        listing(recordSet(APP, "A", 30, "127.0.10.1"));
        changeAccepted();
        changeStatuses("PENDING");
        DnsTarget target = target(Duration.ofSeconds(1));

        Outcome first = target.apply("rbx", 2);

        assertThat(first.result()).isEqualTo(Outcome.Result.FAILED);
        assertThat(first.detail()).contains("change C2682N5HXP0BZ4 not in sync after 1s")
                .contains("Route 53 accepted it and its API already returns the new records");

        // Route 53 holds the new records (the listing shows them) and the change then reaches INSYNC.
        route53.resetAll();
        listing(recordSet(APP, "A", 30, "127.0.20.1"), recordSet(APP, "AAAA", 30, "2001:db8::20"), epoch(2));
        changeStatuses("INSYNC");
        Inspection beforeRetry = target.inspect("rbx");

        Outcome retry = target.apply("rbx", 2);

        assertThat(retry.result()).as(retry.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(retry.detail()).contains("change C2682N5HXP0BZ4 now INSYNC");
        route53.verify(0, postRequestedFor(urlPathMatching(RRSET + "/?")));
        assertThat(beforeRetry.state()).as("records read right, change not confirmed: a resync must still converge it")
                .isEqualTo(Inspection.State.UNSETTLED);
        assertThat(beforeRetry.detail()).contains("change C2682N5HXP0BZ4 not seen INSYNC yet");
        assertThat(target.inspect("rbx").state()).isEqualTo(Inspection.State.IN_STATE);
        assertThat(target.apply("rbx", 2).result()).isEqualTo(Outcome.Result.ALREADY_IN_STATE);
    }
}
