package io.tripswitch.actuator.dns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** Reads a secret from the environment variable or the file the configuration names; messages name where, never what. */
public final class Secrets {

    private Secrets() {
    }

    /**
     * The trimmed value of {@code env} (through {@code environment}, so tests need not set process
     * variables), or else of {@code file}. {@code what} names the secret in messages, e.g.
     * {@code the TSIG secret}; {@code envKey} / {@code fileKey} are the config keys that name the sources.
     */
    public static String read(String what, String envKey, String fileKey, Optional<String> env, Optional<String> file,
            Function<String, String> environment) {
        if (env.isPresent()) {
            String value = environment.apply(env.get());
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
            if (file.isEmpty()) {
                throw new IllegalArgumentException("environment variable " + env.get() + " (" + what + ") is not set");
            }
        }
        if (file.isPresent()) {
            try {
                String value = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).trim();
                if (value.isEmpty()) {
                    throw new IllegalArgumentException(capitalized(what) + " file " + file.get() + " is empty");
                }
                return value;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + what + " file " + file.get() + ": " + e.getClass().getSimpleName());
            }
        }
        throw new IllegalArgumentException("no source for " + what + ": set " + envKey + " or " + fileKey);
    }

    private static String capitalized(String what) {
        return what.isEmpty() ? what : Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }
}
