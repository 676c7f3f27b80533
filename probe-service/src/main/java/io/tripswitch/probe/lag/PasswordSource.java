package io.tripswitch.probe.lag;

import io.tripswitch.config.TripswitchConfig.PostgresqlServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where a server's password comes from: an environment variable or a file named in {@code tripswitch.yaml}, read
 * when a connection is opened. Failures name the variable or file, never a secret.
 */
final class PasswordSource {

    private PasswordSource() {
    }

    /** @param environment the process environment ({@code System::getenv}), a map in tests */
    static Supplier<String> of(PostgresqlServer server, Function<String, String> environment) {
        if (server.passwordEnv().isPresent()) {
            String variable = server.passwordEnv().get();
            return () -> {
                String value = environment.apply(variable);
                if (value == null) {
                    throw new IllegalStateException("password environment variable " + variable + " is not set");
                }
                return value;
            };
        }
        if (server.passwordFile().isPresent()) {
            Path file = Path.of(server.passwordFile().get());
            return () -> {
                try {
                    // A final line break is what editors and `echo` leave, never part of a password.
                    return Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
                } catch (IOException e) {
                    throw new IllegalStateException("password file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
                }
            };
        }
        // No password: trust or certificate authentication, or PGPASSFILE-free setups; PostgreSQL says if one is needed.
        return () -> "";
    }
}
