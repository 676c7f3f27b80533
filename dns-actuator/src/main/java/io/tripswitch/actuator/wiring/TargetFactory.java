package io.tripswitch.actuator.wiring;

import io.tripswitch.actuator.dns.DnsName;
import io.tripswitch.actuator.dns.DnsProvider;
import io.tripswitch.actuator.dns.DnsTarget;
import io.tripswitch.actuator.dns.OvhApiClient;
import io.tripswitch.actuator.dns.OvhCredentials;
import io.tripswitch.actuator.dns.OvhProvider;
import io.tripswitch.actuator.dns.Rfc2136Client;
import io.tripswitch.actuator.dns.Rfc2136Provider;
import io.tripswitch.actuator.dns.Route53Provider;
import io.tripswitch.actuator.dns.Secrets;
import io.tripswitch.actuator.dns.TsigKeys;
import io.tripswitch.actuator.domain.Target;
import io.tripswitch.actuator.domain.TrafficGroup;
import io.tripswitch.actuator.haproxy.HaproxyMapTarget;
import io.tripswitch.actuator.haproxy.MapFile;
import io.tripswitch.actuator.haproxy.RuntimeApiClient;
import io.tripswitch.config.InvalidConfigException;
import io.tripswitch.config.TripswitchConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * Builds the traffic groups and their targets from {@code tripswitch.actuator}, checking what only the
 * actuator cares about (addresses are IP literals, each DNS provider's keys and secrets, HAProxy map file given) and
 * reporting every problem as {@code key: reason}.
 */
public final class TargetFactory {

    /** Per-request deadline for DNS and HAProxy; loopback answers in about a millisecond. */
    static final Duration TARGET_TIMEOUT = Duration.ofSeconds(2);

    /** Per-call deadline for the OVH API: a cloud API over the internet, slower than loopback. */
    static final Duration OVH_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How often Route 53 is asked whether a change is INSYNC: changes usually take tens of seconds, and
     * every API call of an account shares a quota of 5 requests per second.
     */
    static final Duration ROUTE53_POLL_INTERVAL = Duration.ofSeconds(2);

    private final TripswitchConfig config;
    private final Function<String, String> environment;
    private final List<String> problems = new ArrayList<>();

    private TargetFactory(TripswitchConfig config, Function<String, String> environment) {
        this.config = config;
        this.environment = environment;
    }

    /** Every configured group with its targets; throws {@link InvalidConfigException} naming each bad key. */
    public static Map<String, TrafficGroup> groups(TripswitchConfig config, Function<String, String> environment) {
        return new TargetFactory(config, environment).build();
    }

    private Map<String, TrafficGroup> build() {
        Map<String, List<Target>> targets = new TreeMap<>();
        config.groups().keySet().forEach(group -> targets.put(group, new ArrayList<>()));
        new TreeMap<>(config.actuator().dns()).forEach((name, dns) ->
                dnsTarget(name, dns).ifPresent(target -> targets.computeIfAbsent(dns.group(), g -> new ArrayList<>()).add(target)));
        // an actuator with a region drives only that region's instances (the other regions' actuators drive theirs)
        new TreeMap<>(config.actuator().haproxy()).forEach((name, haproxy) -> {
            if (config.actuator().region().isEmpty() || haproxy.region().equals(config.actuator().region())) {
                haproxyTarget(name, haproxy).ifPresent(target -> targets.computeIfAbsent(haproxy.group(), g -> new ArrayList<>()).add(target));
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        Map<String, TrafficGroup> groups = new LinkedHashMap<>();
        config.groups().forEach((id, group) -> groups.put(id, new TrafficGroup(id, group.regions(), targets.get(id))));
        return groups;
    }

    private Optional<Target> dnsTarget(String name, TripswitchConfig.DnsTarget dns) {
        String key = "tripswitch.actuator.dns." + name;
        int before = problems.size();
        Name zone = parseName(dns.zone(), Name.root, key + ".zone");
        Name owner = zone == null ? null : dns.name().equals("@") ? zone : parseName(dns.name(), zone, key + ".name");
        if (owner != null && !owner.subdomain(zone)) {
            problems.add(key + ".name: '" + dns.name() + "' is not inside zone " + zone);
        }
        if (dns.ttl().isNegative() || dns.ttl().toSeconds() < 1) {
            problems.add(key + ".ttl: must be at least 1s");
        }
        Map<String, List<InetAddress>> addresses = new TreeMap<>();
        dns.addresses().forEach((region, literals) -> {
            List<InetAddress> parsed = new ArrayList<>();
            for (int i = 0; i < literals.size(); i++) {
                try {
                    parsed.add(Address.getByAddress(literals.get(i)));
                } catch (UnknownHostException e) {
                    problems.add(key + ".addresses." + region + "[" + i + "]: not an IPv4 or IPv6 address: '" + literals.get(i) + "'");
                }
            }
            addresses.put(region, parsed);
        });
        Optional<Supplier<DnsProvider>> provider = switch (dns.provider()) {
            case "rfc2136" -> rfc2136(key, dns);
            case "route53" -> route53(key, dns);
            case "ovh" -> ovh(key, dns);
            default -> {
                problems.add(key + ".provider: unknown provider '" + dns.provider() + "' (known: rfc2136, route53, ovh)");
                yield Optional.empty();
            }
        };
        rejectKeysOfOtherProviders(key, dns);
        if (problems.size() > before || provider.isEmpty()) {
            return Optional.empty();
        }
        // The record name as configured (relative, or '@'), so target names stay dns:<provider>:<zone>/<name>.
        String label = dns.name().equals("@") ? "@" : owner.relativize(zone).toString();
        return Optional.of(new DnsTarget(dns.group(), new DnsName(zone.toString(), label), dns.ttl(), addresses, provider.get().get()));
    }

    /** RFC 2136: a server and, optionally, a TSIG key whose secret is readable now. */
    private Optional<Supplier<DnsProvider>> rfc2136(String key, TripswitchConfig.DnsTarget dns) {
        if (dns.server().isEmpty()) {
            problems.add(key + ".server: required for provider rfc2136 (host:port)");
            return Optional.empty();
        }
        InetSocketAddress server = parseServer(dns.server().get(), key + ".server");
        TSIG tsig = null;
        if (dns.tsigKeyName().isPresent()) {
            try {
                tsig = TsigKeys.load(dns.tsigKeyName().get(), dns.tsigAlgorithm(), dns.tsigSecretEnv(),
                        dns.tsigSecretFile(), environment);
            } catch (IllegalArgumentException e) {
                problems.add(key + ".tsig-key-name: " + e.getMessage());
            }
        }
        Optional<TSIG> signing = Optional.ofNullable(tsig);
        return server == null ? Optional.empty()
                : Optional.of(() -> new Rfc2136Provider(new Rfc2136Client(server, signing, TARGET_TIMEOUT)));
    }

    /** Route 53: a hosted zone id, an optional endpoint override; credentials are the SDK's business (default chain). */
    private Optional<Supplier<DnsProvider>> route53(String key, TripswitchConfig.DnsTarget dns) {
        int before = problems.size();
        if (dns.hostedZoneId().filter(id -> !id.isBlank()).isEmpty()) {
            problems.add(key + ".hosted-zone-id: required for provider route53");
        }
        Optional<URI> endpoint = dns.route53Endpoint().map(url -> parseHttpUrl(url, key + ".route53-endpoint"));
        if (dns.syncTimeout().toMillis() < 1000) {
            problems.add(key + ".sync-timeout: must be at least 1s");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(() -> new Route53Provider(Route53Provider.client(endpoint), dns.hostedZoneId().get(),
                dns.syncTimeout(), ROUTE53_POLL_INTERVAL, Clock.systemUTC()));
    }

    /** OVH: the API endpoint and three credentials, each from an environment variable or a file, readable now. */
    private Optional<Supplier<DnsProvider>> ovh(String key, TripswitchConfig.DnsTarget dns) {
        int before = problems.size();
        URI endpoint = parseHttpUrl(dns.ovhEndpoint(), key + ".ovh-endpoint");
        String applicationKey = ovhSecret(key, "application-key", "the OVH application key", dns.ovhApplicationKeyEnv(), dns.ovhApplicationKeyFile());
        String applicationSecret = ovhSecret(key, "application-secret", "the OVH application secret",
                dns.ovhApplicationSecretEnv(), dns.ovhApplicationSecretFile());
        String consumerKey = ovhSecret(key, "consumer-key", "the OVH consumer key", dns.ovhConsumerKeyEnv(), dns.ovhConsumerKeyFile());
        if (problems.size() > before) {
            return Optional.empty();
        }
        OvhCredentials credentials = new OvhCredentials(applicationKey, applicationSecret, consumerKey);
        return Optional.of(() -> new OvhProvider(new OvhApiClient(endpoint, credentials,
                HttpClient.newBuilder().connectTimeout(TARGET_TIMEOUT).build(), Clock.systemUTC(), OVH_TIMEOUT)));
    }

    private String ovhSecret(String key, String suffix, String what, Optional<String> env, Optional<String> file) {
        String envKey = "ovh-" + suffix + "-env";
        if (env.isEmpty() && file.isEmpty()) {
            problems.add(key + "." + envKey + ": required for provider ovh (or ovh-" + suffix + "-file)");
            return null;
        }
        try {
            return Secrets.read(what, envKey, "ovh-" + suffix + "-file", env, file, environment);
        } catch (IllegalArgumentException e) {
            problems.add(key + "." + (env.isPresent() ? envKey : "ovh-" + suffix + "-file") + ": " + e.getMessage());
            return null;
        }
    }

    /** A key that only another provider reads is a mistake (a forgotten provider line, a copy-paste): say so rather than ignore it. */
    private void rejectKeysOfOtherProviders(String key, TripswitchConfig.DnsTarget dns) {
        Map<String, Map<String, Optional<?>>> keysByProvider = Map.of(
                "rfc2136", orderedKeys("server", dns.server(), "tsig-key-name", dns.tsigKeyName(),
                        "tsig-secret-env", dns.tsigSecretEnv(), "tsig-secret-file", dns.tsigSecretFile()),
                "route53", orderedKeys("hosted-zone-id", dns.hostedZoneId(), "route53-endpoint", dns.route53Endpoint()),
                "ovh", orderedKeys("ovh-application-key-env", dns.ovhApplicationKeyEnv(), "ovh-application-key-file", dns.ovhApplicationKeyFile(),
                        "ovh-application-secret-env", dns.ovhApplicationSecretEnv(), "ovh-application-secret-file", dns.ovhApplicationSecretFile(),
                        "ovh-consumer-key-env", dns.ovhConsumerKeyEnv(), "ovh-consumer-key-file", dns.ovhConsumerKeyFile()));
        if (!keysByProvider.containsKey(dns.provider())) {
            return;
        }
        new TreeMap<>(keysByProvider).forEach((provider, keys) -> {
            if (!provider.equals(dns.provider())) {
                keys.forEach((suffix, value) -> {
                    if (value.isPresent()) {
                        problems.add(key + "." + suffix + ": only for provider " + provider + " (this target's provider is " + dns.provider() + ")");
                    }
                });
            }
        });
    }

    private static Map<String, Optional<?>> orderedKeys(Object... keysAndValues) {
        Map<String, Optional<?>> keys = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            keys.put((String) keysAndValues[i], (Optional<?>) keysAndValues[i + 1]);
        }
        return keys;
    }

    private URI parseHttpUrl(String url, String key) {
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.add(key + ": must be an http(s) URL, got '" + url + "'");
        return null;
    }

    private Optional<Target> haproxyTarget(String instance, TripswitchConfig.HaproxyTarget haproxy) {
        String key = "tripswitch.actuator.haproxy." + instance;
        if (haproxy.mapFile().isEmpty()) {
            problems.add(key + ".map-file: required (the frontend picks the active backend from this map)");
            return Optional.empty();
        }
        RuntimeApiClient api;
        try {
            api = RuntimeApiClient.of(haproxy.socket(), TARGET_TIMEOUT);
        } catch (IllegalArgumentException e) {
            problems.add(key + ".socket: " + e.getMessage());
            return Optional.empty();
        }
        String mapReference = haproxy.mapFile().get();
        String mapKey = haproxy.mapKey().orElse(haproxy.group());
        if (mapKey.isBlank() || mapKey.chars().anyMatch(Character::isWhitespace)) {
            problems.add(key + ".map-key: must be one word, got '" + mapKey + "'");
            return Optional.empty();
        }
        return Optional.of(new HaproxyMapTarget(instance, haproxy.group(), api, mapReference,
                new MapFile(Path.of(mapReference)), mapKey, haproxy.backends()));
    }

    private Name parseName(String text, Name origin, String key) {
        try {
            return Name.fromString(text, origin);
        } catch (TextParseException e) {
            problems.add(key + ": not a DNS name: '" + text + "'");
            return null;
        }
    }

    private InetSocketAddress parseServer(String hostPort, String key) {
        int colon = hostPort.lastIndexOf(':');
        try {
            if (colon <= 0) {
                throw new IllegalArgumentException();
            }
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException();
            }
            String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
            return new InetSocketAddress(Address.getByAddress(host), port);
        } catch (IllegalArgumentException | UnknownHostException e) {
            problems.add(key + ": must be <ip>:<port>, got '" + hostPort + "'");
            return null;
        }
    }
}
