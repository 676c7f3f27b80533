package io.tripswitch.config;

import java.util.List;

/** {@code tripswitch.yaml} is unusable; the message lists every problem as {@code key: reason}. */
public final class InvalidConfigException extends RuntimeException {

    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
        super("invalid tripswitch configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
