package io.tripswitch.probe.schedule;

import io.tripswitch.probe.lag.LagReading;

/** Where lag readings go (the ReplicationLag publisher); may refuse a reading by throwing when it cannot take more. */
@FunctionalInterface
public interface LagSink {

    void accept(LagReading reading);
}
