package io.tripswitch.probe.check;

/** What kind of check an endpoint gets. */
public enum CheckKind {
    /** {@code GET url}: UP on a 2xx answer. */
    HTTP,
    /** TCP connect to {@code host:port}: UP when the connection is accepted. */
    TCP,
    /** HAProxy Runtime API {@code show stat}: one result per server, UP when HAProxy sees it UP. */
    HAPROXY,
    /** A records of a public name from a given resolver: UP when every address is one the group may point to. */
    DNS
}
