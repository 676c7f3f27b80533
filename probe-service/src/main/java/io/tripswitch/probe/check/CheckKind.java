package io.tripswitch.probe.check;

/** What kind of check an endpoint gets (DNS comes later in issue 4). */
public enum CheckKind {
    /** {@code GET url}: UP on a 2xx answer. */
    HTTP,
    /** TCP connect to {@code host:port}: UP when the connection is accepted. */
    TCP,
    /** HAProxy Runtime API {@code show stat}: one result per server, UP when HAProxy sees it UP. */
    HAPROXY
}
