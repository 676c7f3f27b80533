package io.tripswitch.decision.topology;

import io.tripswitch.decision.state.ObserverChecks;
import io.tripswitch.decision.state.WindowChecks;
import io.tripswitch.events.ProbeResult;
import java.util.ArrayList;
import java.util.HashMap;

/** Adds a probe result to its region's window: per observer and endpoint, the checks seen in the window. */
final class WindowAggregation {

    private WindowAggregation() {
    }

    static WindowChecks empty() {
        return new WindowChecks(new HashMap<>());
    }

    static WindowChecks add(WindowChecks window, ProbeResult result) {
        ObserverChecks observer = window.getObservers().computeIfAbsent(result.getObserver(), id -> new ObserverChecks(new HashMap<>()));
        observer.getEndpoints().computeIfAbsent(result.getEndpoint(), id -> new ArrayList<>())
                .add(StateMapping.entry(EventMapping.check(result)));
        return window;
    }
}
