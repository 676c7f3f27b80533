package io.tripswitch.actuator.dns;

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
        return Secrets.read("the TSIG secret", "tsig-secret-env", "tsig-secret-file", env, file, environment);
    }
}
