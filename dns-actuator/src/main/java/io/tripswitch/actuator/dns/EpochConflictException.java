package io.tripswitch.actuator.dns;

import java.io.IOException;

/**
 * The target's epoch was no longer the one a change was conditioned on (an RFC 2136 prerequisite failed): another
 * actuator changed the target in between. Nothing was changed; the change is re-judged on what the target holds now.
 */
public final class EpochConflictException extends IOException {

    public EpochConflictException(String message) {
        super(message);
    }
}
