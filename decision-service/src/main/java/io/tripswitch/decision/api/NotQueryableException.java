package io.tripswitch.decision.api;

/** The state cannot be read now (starting, rebalancing, or the instance holding the key unreachable): answer 503, retry later. */
public final class NotQueryableException extends RuntimeException {

    public NotQueryableException(String message) {
        super(message);
    }

    public NotQueryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
