package io.tripswitch.actuator.domain;

import java.util.List;

/** A traffic group as the actuator knows it: its regions (from the config) and the targets that follow it. */
public record TrafficGroup(String id, List<String> regions, List<Target> targets) {

    public TrafficGroup {
        regions = List.copyOf(regions);
        targets = List.copyOf(targets);
    }
}
