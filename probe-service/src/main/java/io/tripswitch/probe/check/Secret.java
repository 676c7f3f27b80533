package io.tripswitch.probe.check;

import java.util.Arrays;

/** A password held in memory only: it never shows in {@code toString}, so never in a log or an event. */
public final class Secret {

    private final char[] value;

    public Secret(char[] value) {
        this.value = value.clone();
    }

    /** A copy of the secret, for the one API that needs it. */
    public char[] reveal() {
        return value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && Arrays.equals(value, secret.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "[secret]";
    }
}
