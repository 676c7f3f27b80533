package io.tripswitch.probe.check;

/** What kind of check an endpoint gets; only HTTP exists so far (TCP, HAProxy and DNS come with issue 4). */
public enum CheckKind {
    HTTP
}
