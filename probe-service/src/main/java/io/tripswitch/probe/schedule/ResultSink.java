package io.tripswitch.probe.schedule;

import io.tripswitch.probe.check.CheckOutcome;
import io.tripswitch.probe.check.CheckTarget;

/** Where the scheduler hands each finished check; may throw when it cannot take the result (it is then dropped and logged). */
@FunctionalInterface
public interface ResultSink {

    void accept(CheckTarget target, CheckOutcome outcome);
}
