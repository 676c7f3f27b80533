package io.tripswitch.probe.setup;

import io.tripswitch.config.HostAndPort;
import io.tripswitch.config.InvalidConfigException;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigValidator;
import io.tripswitch.probe.check.CheckTarget;
import io.tripswitch.probe.check.DnsQuery;
import io.tripswitch.probe.check.HaproxySource;
import io.tripswitch.probe.check.HttpSpec;
import io.tripswitch.probe.check.StatusSet;
import io.tripswitch.probe.check.TlsTrust;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What one probe instance does, derived from {@code tripswitch.yaml}: who it is (observer, probe id) and
 * the targets it checks — every endpoint of every region, its own included (cross-region vantage points).
 *
 * @param observer region or vantage point the probe runs in
 * @param probeId  id of this probe instance; its results carry contiguous seq numbers
 * @param targets  every endpoint to check, with its effective interval
 * @param warnings things that work but deserve an operator's look (e.g. a timeout as long as the interval)
 */
public record ProbeSettings(String observer, String probeId, List<CheckTarget> targets, List<String> warnings) {

    static final String OBSERVER_KEY = "tripswitch.probe.observer";
    static final String ID_KEY = "tripswitch.probe.id";

    public ProbeSettings {
        targets = List.copyOf(targets);
        warnings = List.copyOf(warnings);
    }

    /** Validates the whole file (shared rules and the probe's own) and derives the settings; throws naming every bad key. */
    public static ProbeSettings from(TripswitchConfig config) {
        return from(config, System::getenv);
    }

    /** As {@link #from(TripswitchConfig)}, reading the environment variables that hold secrets through {@code environment}. */
    public static ProbeSettings from(TripswitchConfig config, Function<String, String> environment) {
        List<String> problems = new ArrayList<>(TripswitchConfigValidator.problems(config));
        problems.addAll(probeProblems(config));
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        // Trust stores are read now, so a missing file or a wrong password stops the probe with the key named.
        HttpTrustSettings trust = HttpTrustSettings.read(config, environment);
        if (!trust.problems().isEmpty()) {
            throw new InvalidConfigException(trust.problems());
        }
        String observer = config.probe().observer().orElseThrow();
        String probeId = config.probe().id().orElse("probe-" + observer);
        List<CheckTarget> targets = targets(config, trust);
        List<String> warnings = new ArrayList<>(warnings(targets));
        warnings.addAll(trust.warnings());
        return new ProbeSettings(observer, probeId, targets, warnings);
    }

    private static List<String> probeProblems(TripswitchConfig config) {
        List<String> problems = new ArrayList<>();
        TreeSet<String> known = new TreeSet<>(config.observers().orElseGet(() -> List.copyOf(config.regions().keySet())));
        String knownList = "(known: " + String.join(", ", known) + ")";
        config.probe().observer().ifPresentOrElse(
                observer -> {
                    if (!known.contains(observer)) {
                        problems.add(OBSERVER_KEY + ": unknown observer '" + observer + "' " + knownList);
                    }
                },
                () -> problems.add(OBSERVER_KEY + ": required, the region or vantage point this probe runs in "
                        + "(env TRIPSWITCH_PROBE_OBSERVER) " + knownList));
        config.probe().id().filter(id -> id.isBlank() || id.chars().anyMatch(Character::isWhitespace))
                .ifPresent(id -> problems.add(ID_KEY + ": must be non-empty and without spaces, got '" + id + "'"));
        if (config.regions().values().stream().allMatch(region -> region.endpoints().isEmpty())) {
            problems.add("tripswitch.regions: no endpoint to check in any region");
        }
        return problems;
    }

    private static List<CheckTarget> targets(TripswitchConfig config, HttpTrustSettings trust) {
        Duration defaultInterval = config.policy().interval();
        List<CheckTarget> targets = new ArrayList<>();
        config.regions().forEach((region, settings) -> {
            for (int i = 0; i < settings.endpoints().size(); i++) {
                TripswitchConfig.Endpoint endpoint = settings.endpoints().get(i);
                targets.add(target(config, region, endpoint, endpoint.interval().orElse(defaultInterval), trust.of(region, i)));
            }
        });
        return targets;
    }

    /** The validator has made sure the keys each check type needs are present and well formed. */
    private static CheckTarget target(TripswitchConfig config, String region, TripswitchConfig.Endpoint endpoint, Duration interval,
            TlsTrust trust) {
        return switch (endpoint.check()) {
            case HTTP -> CheckTarget.http(region, endpoint.id(), endpoint.url().orElseThrow(), endpoint.hostHeader(),
                    httpSpec(endpoint, trust), interval, endpoint.timeout());
            case TCP -> {
                HostAndPort address = HostAndPort.parse(endpoint.address().orElseThrow());
                yield CheckTarget.tcp(region, endpoint.id(), address.host(), address.port(), interval, endpoint.timeout());
            }
            case HAPROXY -> CheckTarget.haproxy(region, endpoint.id(),
                    new HaproxySource(endpoint.socket().orElseThrow(), endpoint.backend()), interval, endpoint.timeout());
            case DNS -> {
                HostAndPort resolver = HostAndPort.parse(endpoint.resolver().orElseThrow());
                String group = endpoint.group().orElseThrow();
                DnsQuery query = new DnsQuery(endpoint.name().orElseThrow(), new InetSocketAddress(resolver.host(), resolver.port()),
                        group, groupAddresses(config, group));
                yield CheckTarget.dns(region, endpoint.id(), query, interval, endpoint.timeout());
            }
        };
    }

    private static HttpSpec httpSpec(TripswitchConfig.Endpoint endpoint, TlsTrust trust) {
        HttpSpec spec = HttpSpec.DEFAULT.withMethod(endpoint.method().orElse("GET")).withTrust(trust);
        if (endpoint.expectedStatuses().isPresent()) {
            spec = spec.withExpected(new StatusSet(endpoint.expectedStatuses().get()));
        }
        if (endpoint.bodyContains().isPresent()) {
            spec = spec.withBodyContains(endpoint.bodyContains().get());
        }
        if (endpoint.connectTimeout().isPresent()) {
            spec = spec.withConnectTimeout(endpoint.connectTimeout().get());
        }
        if (endpoint.readTimeout().isPresent()) {
            spec = spec.withReadTimeout(endpoint.readTimeout().get());
        }
        Optional<String> serverName = endpoint.tls().flatMap(TripswitchConfig.Tls::serverName);
        return serverName.isPresent() ? spec.withServerName(serverName.get()) : spec;
    }

    /**
     * The addresses the actuator points the group's records to, per region (of every DNS target following the group):
     * the answer must be the active region's.
     */
    private static Map<String, Set<String>> groupAddresses(TripswitchConfig config, String group) {
        Map<String, Set<String>> addresses = new TreeMap<>();
        config.actuator().dns().values().stream()
                .filter(target -> target.group().equals(group))
                .forEach(target -> target.addresses().forEach((region, list) ->
                        addresses.computeIfAbsent(region, r -> new TreeSet<>()).addAll(list)));
        return addresses;
    }

    private static List<String> warnings(List<CheckTarget> targets) {
        List<String> warnings = new ArrayList<>();
        for (CheckTarget target : targets) {
            if (target.timeout().compareTo(target.interval()) >= 0) {
                warnings.add(target.name() + ": timeout " + target.timeout().toMillis() + "ms is not shorter than the interval "
                        + target.interval().toMillis() + "ms; a check still running at its next tick skips that tick");
            }
        }
        return warnings;
    }
}
