package io.tripswitch.actuator.domain;

import java.util.Objects;

/** What reading a target showed, compared with what a region needs: the basis of drift detection. */
public record Inspection(State state, String detail) {

    /** How the target's actual state relates to the desired one. */
    public enum State {
        /** The target already routes to the region. */
        IN_STATE,
        /** The target routes elsewhere (or partly elsewhere): it has drifted or was never applied. */
        DRIFTED,
        /** The target could not be read. */
        UNREADABLE,
        /** The target reads right, but a change made to it is not confirmed served yet (e.g. an OVH zone not refreshed). */
        UNSETTLED,
        /** The target carries a newer epoch than the desired state: a newer decision moved it; it is never moved back. */
        AHEAD
    }

    public Inspection {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
    }

    public static Inspection inState(String detail) {
        return new Inspection(State.IN_STATE, detail);
    }

    public static Inspection drifted(String detail) {
        return new Inspection(State.DRIFTED, detail);
    }

    public static Inspection unsettled(String detail) {
        return new Inspection(State.UNSETTLED, detail);
    }

    public static Inspection ahead(String detail) {
        return new Inspection(State.AHEAD, detail);
    }

    public static Inspection unreadable(String detail) {
        return new Inspection(State.UNREADABLE, detail);
    }
}
