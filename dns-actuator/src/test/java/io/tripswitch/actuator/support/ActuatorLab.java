package io.tripswitch.actuator.support;

import java.nio.file.Path;

/** Handles on the real servers an actuator test drives, injected into {@code @QuarkusTest} classes. */
public record ActuatorLab(KnotServer knot, HaproxyServer haproxy, Path configFile) {
}
