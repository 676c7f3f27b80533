package io.tripswitch.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Reads {@code tripswitch.yaml} outside Quarkus (tools, benchmarks, tests), with the same mapping,
 * duration syntax ({@code 500ms}, {@code 3s}, {@code 5m}) and validation as the services.
 */
public final class TripswitchConfigLoader {

    private TripswitchConfigLoader() {
    }

    public static TripswitchConfig load(Path file) {
        return load(file, Map.of());
    }

    /** {@code overrides} win over the file, as environment variables do in a service. */
    public static TripswitchConfig load(Path file, Map<String, String> overrides) {
        try {
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withSources(new YamlConfigSource(file.toUri().toURL(), 100))
                    .withSources(new io.smallrye.config.PropertiesConfigSource(overrides, "overrides", 200))
                    .withConverter(Duration.class, 100, new DurationConverter())
                    .withMapping(TripswitchConfig.class)
                    .build();
            TripswitchConfig mapped = config.getConfigMapping(TripswitchConfig.class);
            TripswitchConfigValidator.requireValid(mapped);
            return mapped;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
