package io.tripswitch.actuator.wiring;

import io.tripswitch.actuator.dns.Rfc2136Client;
import io.tripswitch.actuator.dns.Rfc2136Target;
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
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * Builds the traffic groups and their targets from {@code tripswitch.actuator}, checking what only the
 * actuator cares about (addresses are IP literals, TSIG secrets readable, HAProxy map file given) and
 * reporting every problem as {@code key: reason}.
 */
public final class TargetFactory {

    /** Per-request deadline for DNS and HAProxy; loopback answers in about a millisecond. */
    static final Duration TARGET_TIMEOUT = Duration.ofSeconds(2);

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
        new TreeMap<>(config.actuator().haproxy()).forEach((name, haproxy) ->
                haproxyTarget(name, haproxy).ifPresent(target -> targets.computeIfAbsent(haproxy.group(), g -> new ArrayList<>()).add(target)));
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
        if (!dns.provider().equals("rfc2136")) {
            problems.add(key + ".provider: unknown provider '" + dns.provider() + "' (known: rfc2136)");
            return Optional.empty();
        }
        Name zone = parseName(dns.zone(), Name.root, key + ".zone");
        Name owner = zone == null ? null : dns.name().equals("@") ? zone : parseName(dns.name(), zone, key + ".name");
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
        InetSocketAddress server = dns.server().map(s -> parseServer(s, key + ".server")).orElse(null);
        Optional<TSIG> tsig = Optional.empty();
        if (dns.tsigKeyName().isPresent()) {
            try {
                tsig = Optional.of(TsigKeys.load(dns.tsigKeyName().get(), dns.tsigAlgorithm(), dns.tsigSecretEnv(),
                        dns.tsigSecretFile(), environment));
            } catch (IllegalArgumentException e) {
                problems.add(key + ".tsig-key-name: " + e.getMessage());
            }
        }
        if (problems.size() > before || server == null || owner == null) {
            return Optional.empty();
        }
        Rfc2136Client client = new Rfc2136Client(server, tsig, TARGET_TIMEOUT);
        return Optional.of(new Rfc2136Target(dns.group(), zone, owner, dns.name(), dns.ttl(), addresses, client));
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
