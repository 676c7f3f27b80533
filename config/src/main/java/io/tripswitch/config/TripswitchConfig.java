package io.tripswitch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tripswitch.yaml}: regions, endpoints, observers, traffic groups, policy and actuation
 * targets. All three services read the same file, each using its own part, so a deployment has one
 * truth. Secrets are never in it: they come from the environment or files named here.
 */
@ConfigMapping(prefix = "tripswitch")
public interface TripswitchConfig {

    /** Prefix of every topic name. */
    @WithDefault("tripswitch.")
    String topicPrefix();

    /** Regions by id (lower case, e.g. {@code gra}), with the endpoints checked in each. */
    Map<String, Region> regions();

    /** Observers (regions or external vantage points) whose views count; default: every region. */
    Optional<List<String>> observers();

    /** Traffic groups by id. */
    Map<String, Group> groups();

    /** Replicated data stores by id whose replica lag gates failover (see DESIGN.md, "Failover policy" 4). */
    Map<String, Store> stores();

    /** Failover policy defaults for every group. */
    Policy policy();

    /** Settings of a probe-service instance (usually from the environment). */
    Probe probe();

    /** Settings of the dns-actuator. */
    Actuator actuator();

    /** A location whose endpoints are checked. */
    interface Region {
        /** The checkable things of this region. */
        List<Endpoint> endpoints();
    }

    /** One checkable thing in a region. */
    interface Endpoint {
        /** Id unique within its region, e.g. {@code app1}. */
        String id();

        /** What kind of check the endpoint gets: {@code http} (default), {@code tcp}, {@code haproxy} or {@code dns}. */
        @WithDefault("http")
        CheckType check();

        /** Health URL of an http check, e.g. {@code http://10.0.0.1:3000/health}; a 2xx answer means UP. */
        Optional<URI> url();

        /** {@code host:port} of a tcp check; an accepted connection means UP. */
        Optional<String> address();

        /** Runtime API of the HAProxy a haproxy check reads {@code show stat} from: a UNIX socket path or {@code host:port}. */
        Optional<String> socket();

        /** Backend whose servers a haproxy check reports; default: every backend's servers. */
        Optional<String> backend();

        /** Public name a dns check resolves (A records), e.g. {@code app.example.test.}. */
        Optional<String> name();

        /** DNS server a dns check asks, {@code host:port}. */
        Optional<String> resolver();

        /** Traffic group whose addresses (under {@code tripswitch.actuator.dns}) a dns check expects in the answer. */
        Optional<String> group();

        /** Host header to send, e.g. {@code primary.example.com}. */
        Optional<String> hostHeader();

        /** HTTP method of an http check, e.g. {@code HEAD}; default {@code GET}. */
        Optional<String> method();

        /** Statuses that mean UP for an http check, codes and classes, e.g. {@code [200, 204, 3xx]}; default {@code [2xx]}. */
        Optional<List<String>> expectedStatuses();

        /** Text the answer body of an http check must contain; only the body's first 64 KiB are read. */
        Optional<String> bodyContains();

        /** Time an http check may take to connect, TLS handshake included; default: the timeout. */
        Optional<Duration> connectTimeout();

        /** Time an http check waits for the answer or its next bytes once connected; default: the timeout. */
        Optional<Duration> readTimeout();

        /** TLS settings of an http check of an {@code https} URL; default: the JVM's trust store, SNI and full verification. */
        Optional<Tls> tls();

        /** Check interval; default: the policy interval. */
        Optional<Duration> interval();

        /** Time allowed for one check. */
        @WithDefault("800ms")
        Duration timeout();
    }

    /** How an https check trusts and names the server. Secrets are never in the file: the password comes from an env var or a file. */
    interface Tls {
        /** SNI server name, also the name the certificate must match; default: the Host header's host, else the URL's. */
        Optional<String> serverName();

        /** PEM file of the certificates (CAs or self-signed) to trust instead of the JVM's trust store. */
        Optional<String> trustPem();

        /** PKCS12 file of the certificates to trust (with or instead of trust-pem). */
        Optional<String> trustPkcs12();

        /** Environment variable holding the password of trust-pkcs12. */
        Optional<String> trustPasswordEnv();

        /** File holding the password of trust-pkcs12. */
        Optional<String> trustPasswordFile();

        /** Whether the certificate chain and the server name are verified; default {@code true}. */
        Optional<Boolean> verify();
    }

    /** Kinds of endpoint check. */
    enum CheckType {
        @WithName("http") HTTP,
        @WithName("tcp") TCP,
        @WithName("haproxy") HAPROXY,
        @WithName("dns") DNS
    }

    /** A public name / HAProxy frontend served by an ordered list of regions. */
    interface Group {
        /** Regions in priority order, preferred first. */
        List<String> regions();

        /** Stores (ids under {@code tripswitch.stores}) a region must have caught up on before it takes this group's traffic. */
        Optional<List<String>> stores();
    }

    /** A replicated data store (DynamoDB global table, PostgreSQL cluster). */
    interface Store {
        /** What kind of store it is. */
        StoreKind kind();

        /** Regions holding a replica whose lag is measured (records on {@code tripswitch.replication-lag}). */
        List<String> replicas();

        /** Region of the primary (writes go there, so it is never behind); none for multi-primary stores. */
        Optional<String> primary();

        /** How probes reach the servers of a {@code postgresql} store (required for that kind). */
        Optional<PostgresqlStore> postgresql();

        /** How probes reach the table of a {@code dynamodb} store in each region (required for that kind). */
        Optional<DynamodbStore> dynamodb();
    }

    /** The servers of a PostgreSQL cluster: the primary and a streaming replica per replica region. */
    interface PostgresqlStore {
        /** Server per region id: the primary's region and every replica region. */
        Map<String, PostgresqlServer> servers();

        /** Table the probe stamps on the primary and reads on each replica for an exact lag; none: lag from WAL positions. */
        Optional<String> heartbeatTable();
    }

    /** How to connect to one PostgreSQL server. The password comes from the environment or a file, never from this file. */
    interface PostgresqlServer {
        /** Host name or address. */
        String host();

        /** TCP port. */
        @WithDefault("5432")
        int port();

        /** Database to connect to. */
        String database();

        /** User to connect as (on the primary it needs the pg_monitor role to see pg_stat_replication). */
        String user();

        /** Environment variable holding the password. */
        Optional<String> passwordEnv();

        /** File holding the password. */
        Optional<String> passwordFile();

        /** A replica's {@code application_name} in the primary's {@code pg_stat_replication}; default: its region id. */
        Optional<String> applicationName();
    }

    /** A DynamoDB global table and where each of its regional replicas is reached. Credentials: the SDK's default chain. */
    interface DynamodbStore {
        /** Table name (the same in every region). */
        String table();

        /** Name of the table's string partition key, under which the probe writes its canary item. */
        @WithDefault("pk")
        String partitionKey();

        /** AWS side per region id: every replica region (and the primary's, if any). */
        Map<String, DynamodbRegion> regions();
    }

    /** One region's DynamoDB and CloudWatch. */
    interface DynamodbRegion {
        /** AWS region name, e.g. {@code eu-west-3}. */
        String awsRegion();

        /** DynamoDB endpoint override (a local stand-in); default: the SDK's endpoint for the AWS region. */
        Optional<URI> endpoint();

        /** CloudWatch endpoint override; default: the SDK's endpoint for the AWS region. */
        Optional<URI> cloudwatchEndpoint();
    }

    /** Kinds of replicated store. */
    enum StoreKind {
        @WithName("dynamodb") DYNAMODB,
        @WithName("postgresql") POSTGRESQL
    }

    /** Parameters of the failover policy (see DESIGN.md, "Failover policy"). */
    interface Policy {
        /** Probe cadence. */
        @WithDefault("1s")
        Duration interval();

        /** Consecutive failed checks before an endpoint is DOWN. */
        @WithDefault("3")
        int fall();

        /** Consecutive good checks before an endpoint is UP. */
        @WithDefault("2")
        int rise();

        /** Silence after which an observer's view of a region is STALE; default 3 × interval. */
        Optional<Duration> staleAfter();

        /** Fewer UP endpoints than this and an observer sees the region DOWN. */
        @WithDefault("1")
        int minHealthyEndpoints();

        /** Observers that must agree a region is DOWN; default: majority of its counted observers. */
        Optional<Integer> quorum();

        /** Whether a region's own observer counts towards its quorum (it is always recorded). */
        @WithDefault("false")
        boolean countOwnRegion();

        /** No automatic decision sends traffic back to the region just left for this long. */
        @WithDefault("5m")
        Duration holdDown();

        /** {@code manual} or {@code auto}. */
        @WithDefault("manual")
        Failback failback();

        /** How long the preferred region must be UP and ready before failback. */
        @WithDefault("10m")
        Duration failbackAfter();

        /** Replica lag above which a region is not ready. */
        @WithDefault("5s")
        Duration maxReplicationLag();

        /** Lag measurements older than this do not count. */
        @WithDefault("30s")
        Duration lagStaleAfter();

        /** Late probe results within this grace period still count. */
        @WithDefault("2s")
        Duration grace();

        /** More automatic decisions than this within {@code flap-window} freeze the group (flap breaker). */
        @WithDefault("3")
        int maxFlips();

        /** Window over which automatic decisions are counted for the flap breaker. */
        @WithDefault("1h")
        Duration flapWindow();

        /** Records stamped further in the future than this go to the dead-letter topic. */
        @WithDefault("30s")
        Duration maxClockSkew();

        default Duration effectiveStaleAfter() {
            return staleAfter().orElse(interval().multipliedBy(3));
        }
    }

    /** How a group returns to its preferred region. */
    enum Failback {
        @WithName("manual") MANUAL,
        @WithName("auto") AUTO
    }

    /** Settings of one probe-service instance. */
    interface Probe {
        /** The region or vantage point this probe runs in; required by probe-service. */
        Optional<String> observer();

        /** Id of this probe instance; default: {@code probe-<observer>}. */
        Optional<String> id();

        /** How often every store's replication lag is measured. */
        @WithDefault("5s")
        Duration lagInterval();

        /** Time allowed for one store's lag measurement. */
        @WithDefault("3s")
        Duration lagTimeout();

        /** Results waiting for Kafka's acknowledgement beyond which new results are dropped and counted (bounded memory while Kafka is away). */
        @WithDefault("10000")
        int maxPendingResults();
    }

    /** Settings of the dns-actuator: which DNS records and HAProxy instances follow which group. */
    interface Actuator {
        /** Compute and report everything, change nothing. */
        @WithDefault("false")
        boolean dryRun();

        /** How often actual DNS and HAProxy state is read and converged. */
        @WithDefault("30s")
        Duration resyncInterval();

        /** DNS records to keep pointed at the active region, by target name. */
        Map<String, DnsTarget> dns();

        /** HAProxy instances to switch, by instance name (e.g. {@code gra-lb}). */
        Map<String, HaproxyTarget> haproxy();

        /** What a resync does with a target found off its desired state: {@code repair} it or only {@code report} it. */
        @WithDefault("repair")
        DriftMode drift();

        /** Per-target fault handling of an application: timeout, retries with backoff and jitter, circuit breaker. */
        Faults faults();

        /**
         * How far back a (re)starting actuator reads {@code tripswitch.alerts} for its own alerts still firing, so
         * each of them still resolves once (keep it within the topic's retention).
         */
        @WithDefault("7d")
        Duration alertMemory();

        /**
         * The region this actuator runs in (env {@code TRIPSWITCH_ACTUATOR_REGION}): it then drives only the HAProxy
         * instances of that region and DNS targets only while it owns them; unset, it drives every target (one actuator).
         */
        Optional<String> region();

        /** Kafka unheard this long: the actuator stops repairing and converging (fail static) until it hears Kafka again. */
        @WithDefault("15s")
        Duration maxSilence();

        /** Who drives each DNS target when several actuators run (docs/decisions/0014). */
        Ownership ownership();
    }

    /** DNS ownership: one actuator at a time per group's DNS targets, through a Kafka consumer group's assignment. */
    interface Ownership {
        /** Consumer group whose member assigned a group's partition of {@code tripswitch.group-state} owns its DNS targets. */
        @WithDefault("tripswitch-dns-owners")
        String consumerGroup();

        /** Session timeout of that group: how long a dead owner keeps its DNS targets (≥ the broker's group.min.session.timeout.ms). */
        @WithDefault("6s")
        Duration sessionTimeout();

        /** Heartbeat interval of that group (below a third of the session timeout). */
        @WithDefault("1s")
        Duration heartbeatInterval();
    }

    /** What a resync does with drift. */
    enum DriftMode {
        /** Raise DRIFT_DETECTED and converge the target. */
        REPAIR,
        /** Raise DRIFT_DETECTED and change nothing. */
        REPORT
    }

    /** How each target's application is guarded (SmallRye Fault Tolerance, one guard per target). */
    interface Faults {
        /** Time one attempt on one target may take before it counts as failed. */
        @WithDefault("5s")
        Duration attemptTimeout();

        /** Attempts per application, the first included (1 = no retry). */
        @WithDefault("3")
        int maxAttempts();

        /** Pause before the first retry; doubled for each further one. */
        @WithDefault("100ms")
        Duration initialBackoff();

        /** Longest pause between two attempts. */
        @WithDefault("2s")
        Duration maxBackoff();

        /** Random spread added to or taken from each pause, so targets do not retry in step. */
        @WithDefault("50ms")
        Duration jitter();

        /** Recent attempts the circuit breaker judges a target on. */
        @WithDefault("6")
        int breakerWindow();

        /** Share of failed attempts in the window that opens the breaker, in (0, 1]. */
        @WithDefault("0.5")
        double breakerFailureRatio();

        /** How long an open breaker refuses attempts before letting a trial through. */
        @WithDefault("10s")
        Duration breakerDelay();
    }

    /** One DNS record set that follows a group's active region. */
    interface DnsTarget {
        /** Group this record follows. */
        String group();

        /** {@code rfc2136} (dynamic update, TSIG), {@code route53} (AWS SDK) or {@code ovh} (OVH DNS API). */
        @WithDefault("rfc2136")
        String provider();

        /** Zone, e.g. {@code example.test.}. */
        String zone();

        /** Record name within the zone, e.g. {@code app}. */
        String name();

        /** TTL of the record. */
        @WithDefault("30s")
        Duration ttl();

        /** A/AAAA addresses per region: the only addresses this record may ever point to. */
        Map<String, List<String>> addresses();

        /** RFC 2136 server, {@code host:port}. */
        Optional<String> server();

        /** TSIG key name. */
        Optional<String> tsigKeyName();

        /** TSIG algorithm. */
        @WithDefault("hmac-sha256")
        String tsigAlgorithm();

        /** Environment variable holding the base64 TSIG secret. */
        Optional<String> tsigSecretEnv();

        /** File holding the base64 TSIG secret. */
        Optional<String> tsigSecretFile();

        /** Route 53: id of the hosted zone holding the record (with or without the {@code /hostedzone/} prefix). */
        Optional<String> hostedZoneId();

        /** Route 53: API endpoint override (a stand-in or test server); default: the SDK's global endpoint. */
        Optional<String> route53Endpoint();

        /** Route 53: how long to wait for a change to be INSYNC before the attempt is FAILED. */
        @WithDefault("60s")
        Duration syncTimeout();

        /** OVH: API base URL, the one signatures are computed on. */
        @WithDefault("https://eu.api.ovh.com/1.0")
        String ovhEndpoint();

        /** OVH: environment variable holding the application key. */
        Optional<String> ovhApplicationKeyEnv();

        /** OVH: file holding the application key. */
        Optional<String> ovhApplicationKeyFile();

        /** OVH: environment variable holding the application secret. */
        Optional<String> ovhApplicationSecretEnv();

        /** OVH: file holding the application secret. */
        Optional<String> ovhApplicationSecretFile();

        /** OVH: environment variable holding the consumer key. */
        Optional<String> ovhConsumerKeyEnv();

        /** OVH: file holding the consumer key. */
        Optional<String> ovhConsumerKeyFile();
    }

    /** One HAProxy instance whose frontend routes a group to the active region's backend. */
    interface HaproxyTarget {
        /** Group this instance routes. */
        String group();

        /** Runtime API socket: a UNIX socket path or {@code host:port}. */
        String socket();

        /** Map file the frontend reads the active backend from; rewritten so a reload keeps the switch. */
        Optional<String> mapFile();

        /** Key of the group's entry in the map; default: the group id. */
        Optional<String> mapKey();

        /** Region this instance runs in; an actuator with {@code tripswitch.actuator.region} drives only its region's instances. */
        Optional<String> region();

        /** Backend name per region. */
        Map<String, String> backends();
    }
}
