package io.tripswitch.actuator.dns;

import java.io.IOException;

/** The DNS server answered, but not with success (REFUSED, NOTAUTH, SERVFAIL, an unverifiable signature…). */
public final class DnsServerException extends IOException {

    public DnsServerException(String message) {
        super(message);
    }
}
