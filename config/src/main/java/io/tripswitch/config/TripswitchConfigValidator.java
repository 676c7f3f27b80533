package io.tripswitch.config;

import java.net.URI;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks what the typed mapping cannot: references between parts of {@code tripswitch.yaml}
 * (a group naming an unknown region, an actuation target for an unknown group…). Each problem names
 * the key and the reason, so a bad file stops a service at startup with a message an operator can act on.
 */
public final class TripswitchConfigValidator {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    // Spliced into SQL by the PostgreSQL lag probe, so nothing that needs quoting.
    private static final Pattern SQL_TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final List<String> HTTP_METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");
    private static final Pattern STATUS = Pattern.compile("[1-5](\\d\\d|xx)");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");

    private TripswitchConfigValidator() {
    }

    /** Throws {@link InvalidConfigException} listing every problem found. */
    public static void requireValid(TripswitchConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    public static List<String> problems(TripswitchConfig config) {
        List<String> problems = new ArrayList<>();
        Set<String> regions = new TreeSet<>(config.regions().keySet());
        if (regions.isEmpty()) {
            problems.add("tripswitch.regions: at least one region is required");
        }
        config.regions().forEach((id, region) -> {
            String key = "tripswitch.regions." + id;
            if (!ID.matcher(id).matches()) {
                problems.add(key + ": region id must be lower case letters, digits and '-'");
            }
            Set<String> endpointIds = new HashSet<>();
            for (int i = 0; i < region.endpoints().size(); i++) {
                TripswitchConfig.Endpoint endpoint = region.endpoints().get(i);
                String endpointKey = key + ".endpoints[" + i + "]";
                if (!endpointIds.add(endpoint.id())) {
                    problems.add(endpointKey + ".id: duplicate endpoint id '" + endpoint.id() + "' in region " + id);
                }
                validateCheck(config, endpoint, endpointKey, problems);
                if (endpoint.timeout().isNegative() || endpoint.timeout().isZero()) {
                    problems.add(endpointKey + ".timeout: must be positive");
                }
                endpoint.interval().filter(d -> d.isNegative() || d.isZero())
                        .ifPresent(d -> problems.add(endpointKey + ".interval: must be positive"));
            }
        });
        config.observers().ifPresent(observers -> {
            if (observers.isEmpty()) {
                problems.add("tripswitch.observers: must list at least one observer when given");
            }
        });

        if (config.groups().isEmpty()) {
            problems.add("tripswitch.groups: at least one traffic group is required");
        }
        config.groups().forEach((id, group) -> {
            String key = "tripswitch.groups." + id + ".regions";
            if (group.regions().isEmpty()) {
                problems.add(key + ": a group needs at least one region");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < group.regions().size(); i++) {
                String region = group.regions().get(i);
                if (!regions.contains(region)) {
                    problems.add(key + "[" + i + "]: unknown region '" + region + "' (known: " + String.join(", ", regions) + ")");
                }
                if (!seen.add(region)) {
                    problems.add(key + "[" + i + "]: region '" + region + "' listed twice");
                }
            }
        });

        validateStores(config, regions, problems);
        validatePolicy(config.policy(), problems);
        validateActuator(config, problems);
        if (config.probe().maxPendingResults() <= 0) {
            problems.add("tripswitch.probe.max-pending-results: must be positive, got " + config.probe().maxPendingResults());
        }
        return problems;
    }

    private static void validateCheck(TripswitchConfig config, TripswitchConfig.Endpoint endpoint, String endpointKey, List<String> problems) {
        switch (endpoint.check()) {
            case HTTP -> {
                endpoint.url().ifPresentOrElse(url -> {
                    String scheme = url.getScheme();
                    if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                        problems.add(endpointKey + ".url: must be an absolute http(s) URL, got '" + url + "'");
                    }
                }, () -> problems.add(endpointKey + ".url: required for an http check"));
                validateHttp(endpoint, endpointKey, problems);
            }
            case TCP -> endpoint.address().ifPresentOrElse(address -> {
                if (!HostAndPort.isValid(address)) {
                    problems.add(endpointKey + ".address: must be host:port with a port in 1-65535, got '" + address + "'");
                }
            }, () -> problems.add(endpointKey + ".address: required for a tcp check (host:port)"));
            case HAPROXY -> endpoint.socket().ifPresentOrElse(socket -> {
                if (socket.isBlank()) {
                    problems.add(endpointKey + ".socket: must be a UNIX socket path or host:port");
                }
            }, () -> problems.add(endpointKey + ".socket: required for a haproxy check (UNIX socket path or host:port)"));
            case DNS -> {
                if (endpoint.name().filter(name -> !name.isBlank()).isEmpty()) {
                    problems.add(endpointKey + ".name: required for a dns check (the public name to resolve)");
                }
                endpoint.resolver().ifPresentOrElse(resolver -> {
                    if (!HostAndPort.isValid(resolver)) {
                        problems.add(endpointKey + ".resolver: must be host:port with a port in 1-65535, got '" + resolver + "'");
                    }
                }, () -> problems.add(endpointKey + ".resolver: required for a dns check (host:port)"));
                endpoint.group().ifPresentOrElse(group -> {
                    if (!config.groups().containsKey(group)) {
                        problems.add(endpointKey + ".group: unknown group '" + group + "' (known: "
                                + String.join(", ", new TreeSet<>(config.groups().keySet())) + ")");
                    } else if (config.actuator().dns().values().stream().noneMatch(target -> target.group().equals(group))) {
                        problems.add(endpointKey + ".group: no tripswitch.actuator.dns target follows group '" + group
                                + "', so a dns check has no address to expect");
                    }
                }, () -> problems.add(endpointKey + ".group: required for a dns check (the group whose addresses the name must answer)"));
            }
        }
        // A key that the check ignores is a typo or a leftover: say so rather than silently ignore it.
        onlyFor(TripswitchConfig.CheckType.HTTP, endpoint.url().isPresent(), "url", endpoint, endpointKey, problems);
        onlyFor(TripswitchConfig.CheckType.HTTP, endpoint.hostHeader().isPresent(), "host-header", endpoint, endpointKey, problems);
        onlyFor(TripswitchConfig.CheckType.HTTP, endpoint.method().isPresent(), "method", endpoint, endpointKey, problems);
        onlyFor(TripswitchConfig.CheckType.HTTP, endpoint.expectedStatuses().isPresent(), "expected-statuses", endpoint, endpointKey, problems);
        onlyFor(TripswitchConfig.CheckType.HTTP, endpoint.bodyContains().isPresent(), "body-contains", endpoint, endpointKey, problems);
        onlyFor(TripswitchConfig.CheckType.HTTP, endpoint.connectTimeout().isPresent(), "connect-timeout", endpoint, endpointKey, problems);
        onlyFor(TripswitchConfig.CheckType.HTTP, endpoint.readTimeout().isPresent(), "read-timeout", endpoint, endpointKey, problems);
        onlyFor(TripswitchConfig.CheckType.HTTP, endpoint.tls().isPresent(), "tls", endpoint, endpointKey, problems);
        onlyFor(TripswitchConfig.CheckType.TCP, endpoint.address().isPresent(), "address", endpoint, endpointKey, problems);
        onlyFor(TripswitchConfig.CheckType.HAPROXY, endpoint.socket().isPresent(), "socket", endpoint, endpointKey, problems);
        onlyFor(TripswitchConfig.CheckType.HAPROXY, endpoint.backend().isPresent(), "backend", endpoint, endpointKey, problems);
        onlyFor(TripswitchConfig.CheckType.DNS, endpoint.name().isPresent(), "name", endpoint, endpointKey, problems);
        onlyFor(TripswitchConfig.CheckType.DNS, endpoint.resolver().isPresent(), "resolver", endpoint, endpointKey, problems);
        onlyFor(TripswitchConfig.CheckType.DNS, endpoint.group().isPresent(), "group", endpoint, endpointKey, problems);
    }

    private static void validateHttp(TripswitchConfig.Endpoint endpoint, String endpointKey, List<String> problems) {
        endpoint.method().filter(method -> !HTTP_METHODS.contains(method)).ifPresent(method ->
                problems.add(endpointKey + ".method: must be one of " + String.join(", ", HTTP_METHODS) + ", got '" + method + "'"));
        endpoint.expectedStatuses().ifPresent(statuses -> {
            if (statuses.isEmpty()) {
                problems.add(endpointKey + ".expected-statuses: must list at least one status when given");
            }
            for (int i = 0; i < statuses.size(); i++) {
                if (!STATUS.matcher(statuses.get(i)).matches()) {
                    problems.add(endpointKey + ".expected-statuses[" + i + "]: must be a status code 100-599 or a class 1xx-5xx, got '"
                            + statuses.get(i) + "'");
                }
            }
        });
        endpoint.bodyContains().ifPresent(text -> {
            if (text.isEmpty()) {
                problems.add(endpointKey + ".body-contains: must not be empty when given");
            } else if (endpoint.method().filter("HEAD"::equals).isPresent()) {
                problems.add(endpointKey + ".body-contains: the answer to a HEAD request has no body");
            }
        });
        phaseTimeout(endpoint.connectTimeout(), "connect-timeout", endpoint, endpointKey, problems);
        phaseTimeout(endpoint.readTimeout(), "read-timeout", endpoint, endpointKey, problems);
        endpoint.tls().ifPresent(tls -> {
            String tlsKey = endpointKey + ".tls";
            if (endpoint.url().filter(url -> "http".equals(url.getScheme())).isPresent()) {
                problems.add(tlsKey + ": only for an https url");
            }
            tls.serverName().filter(name -> !HOST_NAME.matcher(name).matches()).ifPresent(name ->
                    problems.add(tlsKey + ".server-name: must be a DNS host name (no port), got '" + name + "'"));
            tls.trustPem().filter(String::isBlank).ifPresent(path -> problems.add(tlsKey + ".trust-pem: must be a file path"));
            tls.trustPkcs12().filter(String::isBlank).ifPresent(path -> problems.add(tlsKey + ".trust-pkcs12: must be a file path"));
            if (tls.trustPasswordEnv().isPresent() && tls.trustPasswordFile().isPresent()) {
                problems.add(tlsKey + ".trust-password-env: give the trust store password by trust-password-env or trust-password-file, not both");
            }
            if ((tls.trustPasswordEnv().isPresent() || tls.trustPasswordFile().isPresent()) && tls.trustPkcs12().isEmpty()) {
                problems.add(tlsKey + ".trust-password-" + (tls.trustPasswordEnv().isPresent() ? "env" : "file")
                        + ": only with trust-pkcs12 (a PEM file has no password)");
            }
        });
    }

    /** A phase of an http check must fit in the whole check's deadline, or it never applies. */
    private static void phaseTimeout(Optional<Duration> phase, String keyName, TripswitchConfig.Endpoint endpoint,
            String endpointKey, List<String> problems) {
        phase.ifPresent(duration -> {
            if (duration.isNegative() || duration.isZero()) {
                problems.add(endpointKey + "." + keyName + ": must be positive");
            } else if (duration.compareTo(endpoint.timeout()) > 0) {
                problems.add(endpointKey + "." + keyName + ": must not be longer than the timeout (" + endpoint.timeout().toMillis()
                        + "ms), which bounds the whole check");
            }
        });
    }

    private static void onlyFor(TripswitchConfig.CheckType owner, boolean present, String keyName, TripswitchConfig.Endpoint endpoint,
            String endpointKey, List<String> problems) {
        if (present && endpoint.check() != owner) {
            problems.add(endpointKey + "." + keyName + ": only for " + checkName(owner) + ", this is " + checkName(endpoint.check()));
        }
    }

    private static String checkName(TripswitchConfig.CheckType type) {
        return switch (type) {
            case HTTP -> "an http check";
            case TCP -> "a tcp check";
            case HAPROXY -> "a haproxy check";
            case DNS -> "a dns check";
        };
    }

    private static void validateStores(TripswitchConfig config, Set<String> regions, List<String> problems) {
        config.stores().forEach((id, store) -> {
            String key = "tripswitch.stores." + id;
            if (!ID.matcher(id).matches()) {
                problems.add(key + ": store id must be lower case letters, digits and '-'");
            }
            for (int i = 0; i < store.replicas().size(); i++) {
                String region = store.replicas().get(i);
                if (!regions.contains(region)) {
                    problems.add(key + ".replicas[" + i + "]: unknown region '" + region + "' (known: " + String.join(", ", regions) + ")");
                }
            }
            store.primary().filter(region -> !regions.contains(region)).ifPresent(region ->
                    problems.add(key + ".primary: unknown region '" + region + "' (known: " + String.join(", ", regions) + ")"));
            if (store.replicas().isEmpty() && store.primary().isEmpty()) {
                problems.add(key + ": a store needs at least one replica or a primary");
            }
            if (store.postgresql().isPresent() && store.kind() != TripswitchConfig.StoreKind.POSTGRESQL) {
                problems.add(key + ".postgresql: only for a store of kind postgresql");
            }
            if (store.kind() == TripswitchConfig.StoreKind.POSTGRESQL) {
                validatePostgresqlStore(key, store, problems);
            }
            if (store.dynamodb().isPresent() && store.kind() != TripswitchConfig.StoreKind.DYNAMODB) {
                problems.add(key + ".dynamodb: only for a store of kind dynamodb");
            }
            store.dynamodb().ifPresent(dynamodb -> validateDynamodb(store, dynamodb, key + ".dynamodb", problems));
        });
        config.groups().forEach((id, group) -> {
            List<String> stores = group.stores().orElse(List.of());
            for (int i = 0; i < stores.size(); i++) {
                String key = "tripswitch.groups." + id + ".stores[" + i + "]";
                TripswitchConfig.Store store = config.stores().get(stores.get(i));
                if (store == null) {
                    problems.add(key + ": unknown store '" + stores.get(i) + "' (known: "
                            + String.join(", ", new TreeSet<>(config.stores().keySet())) + ")");
                    continue;
                }
                for (String region : group.regions()) {
                    if (!store.replicas().contains(region) && !store.primary().map(region::equals).orElse(false)) {
                        problems.add(key + ": store '" + stores.get(i) + "' has neither a replica nor its primary in region '" + region
                                + "' of the group, so that region could never be ready");
                    }
                }
            }
        });
    }

    private static final Pattern AWS_REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)+");

    private static void validateDynamodb(TripswitchConfig.Store store, TripswitchConfig.DynamodbStore dynamodb, String key,
            List<String> problems) {
        if (dynamodb.table().isBlank()) {
            problems.add(key + ".table: must not be blank");
        }
        if (dynamodb.partitionKey().isBlank()) {
            problems.add(key + ".partition-key: must not be blank");
        }
        // The probe writes its canary in one region and reads it in every replica: each needs an address.
        Set<String> needed = new TreeSet<>(store.replicas());
        store.primary().ifPresent(needed::add);
        for (String region : needed) {
            if (!dynamodb.regions().containsKey(region)) {
                problems.add(key + ".regions: no entry for region '" + region + "' of the store (needed: "
                        + String.join(", ", needed) + ")");
            }
        }
        dynamodb.regions().forEach((region, settings) -> {
            String regionKey = key + ".regions." + region;
            if (!needed.contains(region)) {
                problems.add(regionKey + ": region '" + region + "' is neither a replica nor the primary of the store");
            }
            if (!AWS_REGION.matcher(settings.awsRegion()).matches()) {
                problems.add(regionKey + ".aws-region: must be an AWS region name like eu-west-3, got '" + settings.awsRegion() + "'");
            }
            settings.endpoint().ifPresent(uri -> requireHttpUri(uri, regionKey + ".endpoint", problems));
            settings.cloudwatchEndpoint().ifPresent(uri -> requireHttpUri(uri, regionKey + ".cloudwatch-endpoint", problems));
        });
    }

    private static void requireHttpUri(URI uri, String key, List<String> problems) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            problems.add(key + ": must be an absolute http(s) URL, got '" + uri + "'");
        }
    }

    private static void validatePostgresqlStore(String key, TripswitchConfig.Store store, List<String> problems) {
        if (store.primary().isEmpty()) {
            problems.add(key + ".primary: required for a store of kind postgresql (the region whose server the replicas stream from)");
        }
        store.postgresql().ifPresent(postgresql -> {
            String serversKey = key + ".postgresql.servers";
            Map<String, TripswitchConfig.PostgresqlServer> servers = postgresql.servers();
            store.primary().filter(primary -> !servers.containsKey(primary)).ifPresent(primary ->
                    problems.add(serversKey + ": no server for the primary's region '" + primary + "'"));
            store.replicas().stream().filter(replica -> !servers.containsKey(replica)).forEach(replica ->
                    problems.add(serversKey + ": no server for replica region '" + replica + "'"));
            servers.forEach((region, server) -> {
                String serverKey = serversKey + "." + region;
                if (!store.replicas().contains(region) && !store.primary().map(region::equals).orElse(false)) {
                    problems.add(serverKey + ": region '" + region + "' is neither the primary nor a replica of the store");
                }
                if (server.host().isBlank()) {
                    problems.add(serverKey + ".host: must not be empty");
                }
                if (server.port() < 1 || server.port() > 65535) {
                    problems.add(serverKey + ".port: must be in 1-65535, got " + server.port());
                }
                if (server.passwordEnv().isPresent() && server.passwordFile().isPresent()) {
                    problems.add(serverKey + ".password-env: give password-env or password-file, not both");
                }
            });
            postgresql.heartbeatTable().filter(table -> !SQL_TABLE.matcher(table).matches()).ifPresent(table ->
                    problems.add(key + ".postgresql.heartbeat-table: must be a table name, [schema.]name of letters, digits and '_', got '"
                            + table + "'"));
        });
    }

    private static void validatePolicy(TripswitchConfig.Policy policy, List<String> problems) {
        String key = "tripswitch.policy.";
        if (policy.interval().isNegative() || policy.interval().isZero()) {
            problems.add(key + "interval: must be positive");
        }
        if (policy.fall() < 1) {
            problems.add(key + "fall: must be at least 1");
        }
        if (policy.rise() < 1) {
            problems.add(key + "rise: must be at least 1");
        }
        if (policy.minHealthyEndpoints() < 1) {
            problems.add(key + "min-healthy-endpoints: must be at least 1");
        }
        policy.quorum().filter(q -> q < 1).ifPresent(q -> problems.add(key + "quorum: must be at least 1"));
        if (policy.maxFlips() < 1) {
            problems.add(key + "max-flips: must be at least 1");
        }
        if (policy.flapWindow().isNegative() || policy.flapWindow().isZero()) {
            problems.add(key + "flap-window: must be positive");
        }
        if (policy.effectiveStaleAfter().compareTo(policy.interval()) <= 0) {
            problems.add(key + "stale-after: must be longer than the interval");
        }
    }

    /** DNS providers the actuator can drive; their own keys are checked where the provider is built (dns-actuator). */
    private static final List<String> DNS_PROVIDERS = List.of("rfc2136", "route53", "ovh");

    private static void validateActuator(TripswitchConfig config, List<String> problems) {
        config.actuator().dns().forEach((name, target) -> {
            String key = "tripswitch.actuator.dns." + name;
            List<String> groupRegions = groupRegions(config, target.group(), key + ".group", problems);
            checkEveryRegionCovered(key + ".addresses", target.addresses(), groupRegions, problems);
            target.addresses().forEach((region, addresses) -> {
                if (addresses.isEmpty()) {
                    problems.add(key + ".addresses." + region + ": at least one address is required");
                }
                for (int i = 0; i < addresses.size(); i++) {
                    if (!isIpAddress(addresses.get(i))) {
                        problems.add(key + ".addresses." + region + "[" + i + "]: must be an IPv4 or IPv6 address, got '"
                                + addresses.get(i) + "'");
                    }
                }
            });
            if (!DNS_PROVIDERS.contains(target.provider())) {
                problems.add(key + ".provider: unknown provider '" + target.provider() + "' (known: " + String.join(", ", DNS_PROVIDERS) + ")");
            } else if (target.provider().equals("rfc2136")) {
                if (target.server().isEmpty()) {
                    problems.add(key + ".server: required for provider rfc2136 (host:port)");
                }
                if (target.tsigKeyName().isPresent() && target.tsigSecretEnv().isEmpty() && target.tsigSecretFile().isEmpty()) {
                    problems.add(key + ".tsig-secret-env: a TSIG key needs its secret from tsig-secret-env or tsig-secret-file");
                }
            }
        });
        config.actuator().haproxy().forEach((name, target) -> {
            String key = "tripswitch.actuator.haproxy." + name;
            List<String> groupRegions = groupRegions(config, target.group(), key + ".group", problems);
            checkEveryRegionCovered(key + ".backends", target.backends(), groupRegions, problems);
            target.region().filter(region -> !config.regions().containsKey(region)).ifPresent(region -> problems.add(key
                    + ".region: unknown region '" + region + "' (known: " + String.join(", ", new TreeSet<>(config.regions().keySet())) + ")"));
            if (config.actuator().region().isPresent() && target.region().isEmpty()) {
                problems.add(key + ".region: required when tripswitch.actuator.region is set (each actuator drives its own region's instances)");
            }
        });
        TripswitchConfig.Actuator actuator = config.actuator();
        actuator.region().filter(region -> !config.regions().containsKey(region)).ifPresent(region -> problems.add(
                "tripswitch.actuator.region: unknown region '" + region + "' (known: " + String.join(", ", new TreeSet<>(config.regions().keySet())) + ")"));
        if (actuator.maxSilence().compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add("tripswitch.actuator.max-silence: must be at least 1s, got " + actuator.maxSilence());
        }
        TripswitchConfig.Ownership ownership = actuator.ownership();
        if (ownership.consumerGroup().isBlank()) {
            problems.add("tripswitch.actuator.ownership.consumer-group: must not be blank");
        }
        if (ownership.sessionTimeout().compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add("tripswitch.actuator.ownership.session-timeout: must be at least 1s, got " + ownership.sessionTimeout());
        }
        if (ownership.heartbeatInterval().isNegative() || ownership.heartbeatInterval().isZero()
                || ownership.heartbeatInterval().multipliedBy(3).compareTo(ownership.sessionTimeout()) > 0) {
            problems.add("tripswitch.actuator.ownership.heartbeat-interval: must be positive and at most a third of session-timeout, got "
                    + ownership.heartbeatInterval());
        }
    }

    /** An A or AAAA record's value; never resolves a name (an IPv6 literal is parsed, an IPv4 one matched). */
    private static boolean isIpAddress(String text) {
        if (IPV4.matcher(text).matches()) {
            return Arrays.stream(text.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        }
        if (!text.contains(":") || !text.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(text) instanceof Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static List<String> groupRegions(TripswitchConfig config, String group, String key, List<String> problems) {
        TripswitchConfig.Group found = config.groups().get(group);
        if (found == null) {
            problems.add(key + ": unknown group '" + group + "' (known: " + String.join(", ", new TreeSet<>(config.groups().keySet())) + ")");
            return List.of();
        }
        return found.regions();
    }

    private static void checkEveryRegionCovered(String key, Map<String, ?> perRegion, List<String> groupRegions, List<String> problems) {
        for (String region : groupRegions) {
            if (!perRegion.containsKey(region)) {
                problems.add(key + ": no entry for region '" + region + "' of the group");
            }
        }
        for (String region : perRegion.keySet()) {
            if (!groupRegions.isEmpty() && !groupRegions.contains(region)) {
                problems.add(key + "." + region + ": region '" + region + "' is not in the group");
            }
        }
    }
}
