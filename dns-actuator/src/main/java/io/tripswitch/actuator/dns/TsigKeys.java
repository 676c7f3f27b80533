package io.tripswitch.actuator.dns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/** Builds a TSIG key from its name, algorithm and a base64 secret read from an environment variable or a file. */
public final class TsigKeys {

    private TsigKeys() {
    }

    /**
     * Reads the secret from {@code env} (through {@code environment}, so tests need not set process
     * variables) or else from {@code file}. Error messages name where the secret was looked for,
     * never the secret.
     */
    public static TSIG load(String keyName, String algorithm, Optional<String> env, Optional<String> file,
            Function<String, String> environment) {
        String secret = readSecret(env, file, environment);
        try {
            Base64.getDecoder().decode(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the TSIG secret (from tsig-secret-env / tsig-secret-file) is not valid base64");
        }
        Name algorithmName;
        try {
            algorithmName = TSIG.algorithmToName(algorithm);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown TSIG algorithm '" + algorithm + "'");
        }
        try {
            return new TSIG(algorithmName, Name.fromString(keyName, Name.root), secret);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("invalid TSIG key name '" + keyName + "'");
        }
    }

    private static String readSecret(Optional<String> env, Optional<String> file, Function<String, String> environment) {
        if (env.isPresent()) {
            String value = environment.apply(env.get());
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
            if (file.isEmpty()) {
                throw new IllegalArgumentException("environment variable " + env.get() + " (the TSIG secret) is not set");
            }
        }
        if (file.isPresent()) {
            try {
                String value = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).trim();
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("TSIG secret file " + file.get() + " is empty");
                }
                return value;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read TSIG secret file " + file.get() + ": " + e.getClass().getSimpleName());
            }
        }
        throw new IllegalArgumentException("no TSIG secret source: set tsig-secret-env or tsig-secret-file");
    }
}
