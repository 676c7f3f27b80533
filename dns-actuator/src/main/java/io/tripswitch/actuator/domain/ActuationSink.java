package io.tripswitch.actuator.domain;

/** Where the actuator's reports go: every attempt as an Actuation, every alert transition as an Alert. */
public interface ActuationSink {

    void actuation(AttemptReport report);

    void alert(AlertNotice notice);
}
