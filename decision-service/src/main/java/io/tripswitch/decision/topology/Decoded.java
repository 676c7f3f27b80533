package io.tripswitch.decision.topology;

import java.util.Optional;

/**
 * An input record's value: either decoded (and valid so far) or rejected, keeping the original bytes and the
 * reason so a rejected record can go to the dead-letter topic as it arrived.
 *
 * @param value the decoded value; null when rejected
 * @param raw the bytes as read from the topic
 * @param problem why the record is rejected; null when it is not
 */
public record Decoded<T>(T value, byte[] raw, String problem) {

    public static <T> Decoded<T> of(T value, byte[] raw) {
        return new Decoded<>(value, raw, null);
    }

    public static <T> Decoded<T> rejected(byte[] raw, String problem) {
        return new Decoded<>(null, raw, problem);
    }

    public boolean isRejected() {
        return problem != null;
    }

    /** This record rejected for the given problem, if there is one. */
    public Decoded<T> rejectIf(Optional<String> problem) {
        return problem.map(reason -> Decoded.<T>rejected(raw, reason)).orElse(this);
    }
}
