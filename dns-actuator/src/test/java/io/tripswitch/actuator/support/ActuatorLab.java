package io.tripswitch.actuator.support;

import io.tripswitch.fixtures.HaproxyServer;
import io.tripswitch.fixtures.KnotServer;
import java.nio.file.Path;

/** Handles on the real servers an actuator test drives, injected into {@code @QuarkusTest} classes. */
public record ActuatorLab(KnotServer knot, HaproxyServer haproxy, Path configFile) {
}
