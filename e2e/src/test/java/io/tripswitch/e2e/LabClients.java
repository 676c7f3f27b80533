package io.tripswitch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** What the end-to-end tests ask of a running lab, as its users would: a real HTTP request, a real DNS query. */
final class LabClients {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private LabClients() {
    }

    /** The body of a 200 answer to a real request (through an HAProxy frontend, or to an app server), e.g. {@code region=rbx server=app1}. */
    static Optional<String> bodyOf(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The A records of the group's name, asked of the lab's DNS server with a real query. */
    static List<String> dnsAnswer(Map<String, String> env) throws IOException {
        SimpleResolver resolver = new SimpleResolver(env.get("DNS_SERVER"));
        resolver.setPort(Integer.parseInt(env.get("DNS_PORT")));
        resolver.setTimeout(Duration.ofSeconds(2));
        Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(env.get("DNS_NAME")), Type.A, DClass.IN)));
        assertThat(response.getRcode()).as("rcode").isEqualTo(Rcode.NOERROR);
        return response.getSection(Section.ANSWER).stream()
                .filter(ARecord.class::isInstance)
                .map(r -> ((ARecord) r).getAddress().getHostAddress())
                .sorted()
                .toList();
    }
}
