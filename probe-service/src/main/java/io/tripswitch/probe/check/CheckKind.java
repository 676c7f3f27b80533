package io.tripswitch.probe.check;

/** What kind of check an endpoint gets. */
public enum CheckKind {
    /** An HTTP(S) request to {@code url}: UP when the status is in the expected set (default 2xx) and the body has the text asked for. */
    HTTP,
    /** TCP connect to {@code host:port}: UP when the connection is accepted. */
    TCP,
    /** HAProxy Runtime API {@code show stat}: one result per server, UP when HAProxy sees it UP. */
    HAPROXY,
    /** A and AAAA records of a public name from a given resolver: UP when they are the group's active region's addresses. */
    DNS
}
