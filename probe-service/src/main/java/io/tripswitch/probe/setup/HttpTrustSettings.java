package io.tripswitch.probe.setup;

import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.probe.check.Secret;
import io.tripswitch.probe.check.TlsTrust;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The TLS trust of every http endpoint, read at startup from the files and environment variables
 * {@code tripswitch.yaml} names (the trust store password is never in the file), each trust store loaded
 * once so that a missing file or a wrong password stops the probe with the key named.
 *
 * @param byEndpoint trust per {@code region/index} of endpoints that configure one
 * @param problems   {@code key: reason} lines
 * @param warnings   things that work but weaken the check (verification turned off)
 */
record HttpTrustSettings(Map<String, TlsTrust> byEndpoint, List<String> problems, List<String> warnings) {

    static HttpTrustSettings read(TripswitchConfig config, Function<String, String> environment) {
        Map<String, TlsTrust> byEndpoint = new HashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        config.regions().forEach((region, settings) -> {
            for (int i = 0; i < settings.endpoints().size(); i++) {
                TripswitchConfig.Endpoint endpoint = settings.endpoints().get(i);
                if (endpoint.check() != TripswitchConfig.CheckType.HTTP || endpoint.tls().isEmpty()) {
                    continue;
                }
                String key = "tripswitch.regions." + region + ".endpoints[" + i + "].tls";
                TripswitchConfig.Tls tls = endpoint.tls().get();
                Optional<Secret> password = password(tls, key, environment, problems);
                TlsTrust trust = new TlsTrust(tls.trustPem().map(Path::of), tls.trustPkcs12().map(Path::of), password,
                        tls.verify().orElse(true));
                if (!trust.verify()) {
                    warnings.add(region + "/" + endpoint.id() + ": certificate verification is off (" + key
                            + ".verify: false): any server can answer for this endpoint");
                } else {
                    trust.pem().ifPresent(pem -> tryLoad(new TlsTrust(Optional.of(pem), Optional.empty(), Optional.empty(), true),
                            key + ".trust-pem", problems));
                    trust.pkcs12().ifPresent(pkcs12 -> tryLoad(new TlsTrust(Optional.empty(), Optional.of(pkcs12), password, true),
                            key + ".trust-pkcs12", problems));
                }
                byEndpoint.put(region + "/" + i, trust);
            }
        });
        return new HttpTrustSettings(Map.copyOf(byEndpoint), List.copyOf(problems), List.copyOf(warnings));
    }

    /** The trust of endpoint {@code index} of {@code region}: its own, or the JVM's trust store with full verification. */
    TlsTrust of(String region, int index) {
        return byEndpoint.getOrDefault(region + "/" + index, TlsTrust.DEFAULT);
    }

    private static Optional<Secret> password(TripswitchConfig.Tls tls, String key, Function<String, String> environment,
            List<String> problems) {
        if (tls.trustPasswordEnv().isPresent()) {
            String variable = tls.trustPasswordEnv().get();
            String value = environment.apply(variable);
            if (value == null || value.isEmpty()) {
                problems.add(key + ".trust-password-env: environment variable " + variable + " is not set");
                return Optional.empty();
            }
            return Optional.of(new Secret(value.toCharArray()));
        }
        if (tls.trustPasswordFile().isPresent()) {
            Path file = Path.of(tls.trustPasswordFile().get());
            try {
                // A trailing newline is how editors and `echo` end the file, never part of the password.
                String value = Files.readString(file, StandardCharsets.UTF_8).replaceAll("[\r\n]+$", "");
                return Optional.of(new Secret(value.toCharArray()));
            } catch (IOException e) {
                problems.add(key + ".trust-password-file: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return Optional.empty();
    }

    private static void tryLoad(TlsTrust trust, String key, List<String> problems) {
        try {
            trust.trustManagers();
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
        }
    }
}
