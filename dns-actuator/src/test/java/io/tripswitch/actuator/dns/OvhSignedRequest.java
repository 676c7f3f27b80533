package io.tripswitch.actuator.dns;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.matching.ValueMatcher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A WireMock request matcher that checks a request as the OVH API does: the application and consumer keys
 * it knows, a timestamp within {@code window} of its own clock, and a signature it recomputes from the
 * request as received ({@code $1$ + sha1hex(secret+consumer+METHOD+absoluteURL+body+timestamp)}). Written
 * independently of {@link OvhApiClient#sign}, so the client is not checked against itself.
 */
final class OvhSignedRequest implements ValueMatcher<Request> {

    private final String applicationKey;
    private final String applicationSecret;
    private final String consumerKey;
    private final Clock clock;
    private final Duration window;

    OvhSignedRequest(String applicationKey, String applicationSecret, String consumerKey, Clock clock, Duration window) {
        this.applicationKey = applicationKey;
        this.applicationSecret = applicationSecret;
        this.consumerKey = consumerKey;
        this.clock = clock;
        this.window = window;
    }

    @Override
    public MatchResult match(Request request) {
        String timestamp = request.getHeader("X-Ovh-Timestamp");
        String signature = request.getHeader("X-Ovh-Signature");
        if (!applicationKey.equals(request.getHeader("X-Ovh-Application")) || !consumerKey.equals(request.getHeader("X-Ovh-Consumer"))
                || timestamp == null || signature == null || !timestamp.matches("\\d+")) {
            return MatchResult.noMatch();
        }
        if (Math.abs(Long.parseLong(timestamp) - clock.instant().getEpochSecond()) > window.toSeconds()) {
            return MatchResult.noMatch();
        }
        String body = request.getBodyAsString() == null ? "" : request.getBodyAsString();
        String signed = applicationSecret + "+" + consumerKey + "+" + request.getMethod().getName() + "+" + request.getAbsoluteUrl()
                + "+" + body + "+" + timestamp;
        return MatchResult.of(signature.equals("$1$" + sha1Hex(signed)));
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
