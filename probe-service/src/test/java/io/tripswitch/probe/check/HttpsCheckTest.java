package io.tripswitch.probe.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripswitch.probe.testing.TestCertificates;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.mutiny.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS checks against a real Vert.x HTTPS server on 127.0.0.1 that serves two self-signed certificates made by
 * the test, chosen by SNI: one for {@code a.example.test}, one for {@code b.example.test}.
 */
class HttpsCheckTest {

    private static final String A = "a.example.test";
    private static final String B = "b.example.test";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static TestCertificates certificates;
    private static Vertx serverVertx;
    private static HttpServer server;
    private static final List<String> serverNamesSeen = new CopyOnWriteArrayList<>();

    private Vertx vertx;
    private HttpCheck check;

    @BeforeAll
    static void startServer() throws Exception {
        certificates = TestCertificates.forNames(dir, UUID.randomUUID().toString(), A, B);
        serverVertx = Vertx.vertx();
        server = serverVertx.getDelegate().createHttpServer(new HttpServerOptions()
                        .setSsl(true)
                        .setSni(true)
                        .setKeyCertOptions(new PfxOptions().setPath(certificates.serverKeyStore().toString()).setPassword(certificates.password()))
                        .setHost("127.0.0.1")
                        .setPort(0))
                .requestHandler(request -> {
                    serverNamesSeen.add(String.valueOf(request.connection().indicatedServerName()));
                    request.response().setStatusCode(200).end("ok");
                });
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopServer() {
        serverVertx.closeAndAwait();
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        check = new HttpCheck(vertx);
        serverNamesSeen.clear();
    }

    @AfterEach
    void stop() {
        check.close();
        vertx.closeAndAwait();
    }

    @Test
    void shouldReportUpWhenTheCertificateIsTrustedThroughTheConfiguredPemFile() {
        // given a trust store (PEM) holding a's self-signed certificate, and SNI name a
        HttpSpec spec = HttpSpec.DEFAULT.withServerName(A).withTrust(pemTrust(certificates.pem(A)));

        // when
        CheckOutcome outcome = run(spec, Optional.empty());

        // then
        assertThat(outcome.up()).as(outcome.detail()).isTrue();
        assertThat(outcome.detail()).isEqualTo("HTTP 200");
        assertThat(serverNamesSeen).containsExactly(A);
    }

    @Test
    void shouldReportUpWhenTheCertificateIsTrustedThroughAPasswordProtectedPkcs12Store() {
        // given
        TlsTrust trust = new TlsTrust(Optional.empty(), Optional.of(certificates.trustStore(A)),
                Optional.of(new Secret(certificates.password().toCharArray())), true);

        // when
        CheckOutcome outcome = run(HttpSpec.DEFAULT.withServerName(A).withTrust(trust), Optional.empty());

        // then
        assertThat(outcome.up()).as(outcome.detail()).isTrue();
    }

    @Test
    void shouldReportDownWhenTheCertificateIsNotTrusted() {
        // given the JVM's own trust store, which knows nothing of the test's certificates
        HttpSpec spec = HttpSpec.DEFAULT.withServerName(A);

        // when
        CheckOutcome outcome = run(spec, Optional.empty());

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).startsWith("TLS: certificate of a.example.test not trusted");
    }

    @Test
    void shouldValidateTheCertificateTheServerChoseForTheSniName() {
        // given only a's certificate trusted
        TlsTrust trustA = pemTrust(certificates.pem(A));

        // when the check names a, then b
        CheckOutcome asA = run(HttpSpec.DEFAULT.withServerName(A).withTrust(trustA), Optional.empty());
        CheckOutcome asB = run(HttpSpec.DEFAULT.withServerName(B).withTrust(trustA), Optional.empty());

        // then the server presented a's certificate for a (trusted) and b's for b (not trusted)
        assertThat(asA.up()).as(asA.detail()).isTrue();
        assertThat(asB.up()).isFalse();
        assertThat(asB.detail()).startsWith("TLS: certificate of b.example.test not trusted");
        assertThat(serverNamesSeen).contains(A);
    }

    @Test
    void shouldReportDownWhenTheCertificateDoesNotMatchTheServerName() {
        // given both certificates trusted, and a name the server has no certificate for
        HttpSpec spec = HttpSpec.DEFAULT.withServerName("c.example.test").withTrust(pemTrust(certificates.pemOf(A, B)));

        // when
        CheckOutcome outcome = run(spec, Optional.empty());

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).startsWith("TLS: certificate does not match server name c.example.test");
    }

    @Test
    void shouldTakeTheSniNameFromTheHostHeaderWhenNoneIsConfigured() {
        // given the seed's style: a Host header naming the virtual host, and b's certificate trusted
        HttpSpec spec = HttpSpec.DEFAULT.withTrust(pemTrust(certificates.pem(B)));

        // when
        CheckOutcome outcome = run(spec, Optional.of(B + ":8443"));

        // then
        assertThat(outcome.up()).as(outcome.detail()).isTrue();
        assertThat(serverNamesSeen).containsExactly(B);
    }

    @Test
    void shouldAcceptAnyCertificateWhenVerificationIsTurnedOff() {
        // given
        TlsTrust trustAll = new TlsTrust(Optional.empty(), Optional.empty(), Optional.empty(), false);

        // when
        CheckOutcome outcome = run(HttpSpec.DEFAULT.withServerName("c.example.test").withTrust(trustAll), Optional.empty());

        // then
        assertThat(outcome.up()).as(outcome.detail()).isTrue();
    }

    @Test
    void shouldReportDownWhenTheTrustStoreCannotBeRead() {
        // given a trust file that has gone
        HttpSpec spec = HttpSpec.DEFAULT.withServerName(A).withTrust(pemTrust(dir.resolve("gone.pem")));

        // when
        CheckOutcome outcome = run(spec, Optional.empty());

        // then
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.detail()).startsWith("TLS trust unusable: no such file").contains("gone.pem");
    }

    private CheckOutcome run(HttpSpec spec, Optional<String> hostHeader) {
        CheckTarget target = CheckTarget.http("gra", "app1", URI.create("https://127.0.0.1:" + server.actualPort() + "/health"), hostHeader,
                spec, Duration.ofSeconds(1), TIMEOUT);
        return check.run(target).await().atMost(WAIT);
    }

    private static TlsTrust pemTrust(Path pem) {
        return new TlsTrust(Optional.of(pem), Optional.empty(), Optional.empty(), true);
    }
}
