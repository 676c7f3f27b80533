package io.tripswitch.actuator.wiring;

import io.tripswitch.actuator.domain.ActuationSink;
import io.tripswitch.actuator.domain.Authority;
import io.tripswitch.actuator.domain.DnsOwnership;
import io.tripswitch.actuator.domain.SilenceWatch;
import io.tripswitch.actuator.domain.Target;
import io.tripswitch.actuator.messaging.KafkaPresence;
import io.tripswitch.schemas.Topics;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import io.tripswitch.actuator.domain.AlertBook;
import io.tripswitch.actuator.domain.AlertNotice;
import io.tripswitch.actuator.domain.DecisionApplier;
import io.tripswitch.actuator.domain.DriftPolicy;
import io.tripswitch.actuator.domain.EpochFence;
import io.tripswitch.actuator.domain.Reconciler;
import io.tripswitch.actuator.domain.Rehearsal;
import io.tripswitch.actuator.domain.TargetDriver;
import io.tripswitch.actuator.domain.TargetGuard;
import io.tripswitch.actuator.domain.TrafficGroup;
import io.tripswitch.actuator.fault.FaultPolicy;
import io.tripswitch.actuator.fault.SmallRyeTargetGuard;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.config.TripswitchConfigValidator;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Builds the actuator's parts from the validated configuration, once, at startup. */
@Singleton
public class ActuatorWiring {

    private static final Logger LOG = Logger.getLogger(ActuatorWiring.class);

    /** The parts of one actuator, built from one configuration (the service has one; tests may build a second). */
    public record Actuator(Map<String, TrafficGroup> groups, EpochFence fence, AlertBook alerts, DecisionApplier applier,
            Reconciler reconciler) {

        /**
         * Takes back alerts this actuator raised before a restart and never resolved: each resolves once when its
         * condition clears, and an ACTUATION_FAILED tells the resync that the target's last application gave up (so
         * it converges it instead of calling it drift). Returns the RESOLVED notices of alerts nothing watches any more.
         */
        public List<AlertNotice> restoreAlerts(List<AlertNotice> stillFiring) {
            for (AlertNotice notice : stillFiring) {
                String target = notice.labels().get("target");
                String epoch = notice.labels().get("epoch");
                if (notice.kind() == AlertNotice.Kind.ACTUATION_FAILED && target != null && epoch != null && epoch.matches("-?\\d+")) {
                    reconciler.recallFailure(target, Long.parseLong(epoch));
                }
            }
            return alerts.restoreAll(stillFiring, this::watches);
        }

        /** Whether anything still watches the condition behind {@code key}: its group and target are configured. */
        public boolean watches(AlertBook.Key key) {
            TrafficGroup group = groups.get(key.group());
            return group != null && (AlertBook.DECISIONS.equals(key.subject()) || AlertBook.KAFKA_SILENCE.equals(key.subject())
                    || group.targets().stream().anyMatch(target -> target.name().equals(key.subject())));
        }
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Targets run on their own threads so one slow target never delays another. */
    private final ExecutorService targetExecutor = newTargetExecutor();

    private static ExecutorService newTargetExecutor() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "actuator-target-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void shutdown() {
        targetExecutor.shutdownNow();
    }

    @Produces
    @Singleton
    SilenceWatch silence(TripswitchConfig config, Clock clock) {
        return new SilenceWatch(clock, config.actuator().maxSilence());
    }

    /** Contact with Kafka (max-silence) and, with a region configured, membership of the DNS ownership group; started by ResyncLoop. */
    @Produces
    @Singleton
    KafkaPresence presence(TripswitchConfig config, SilenceWatch silence,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        TripswitchConfig.Ownership ownership = config.actuator().ownership();
        Optional<KafkaPresence.Membership> membership = config.actuator().region().map(region ->
                new KafkaPresence.Membership(ownership.consumerGroup(), ownership.sessionTimeout(), ownership.heartbeatInterval()));
        return new KafkaPresence(bootstrapServers, new Topics(config.topicPrefix()).groupState.name(), membership, silence,
                config.groups().keySet());
    }

    @Produces
    @Singleton
    Actuator actuator(TripswitchConfig config, Clock clock, ActuationSink sink, KafkaPresence presence, SilenceWatch silence) {
        Actuator actuator = build(config, clock, sink, targetExecutor, new Authority(presence, silence));
        LOG.info(config.actuator().region()
                .map(region -> "region " + region + ": drives the HAProxy instances of " + region + " " + haproxyNames(actuator)
                        + " and the DNS targets of the groups it owns (" + presence.describe() + ")")
                .orElse("no tripswitch.actuator.region: this actuator drives every HAProxy instance " + haproxyNames(actuator)
                        + " and owns every DNS target (single-actuator deployment)"));
        FaultPolicy policy = FaultSettings.policy(config.actuator());
        Rehearsal.run(name -> new SmallRyeTargetGuard(name, policy), targetExecutor, clock);
        return actuator;
    }

    @Produces
    @Singleton
    DecisionApplier decisionApplier(Actuator actuator) {
        return actuator.applier();
    }

    /**
     * Validates {@code config} (a bad file stops the service naming the key) and builds the fence, the
     * per-target guards (SmallRye Fault Tolerance), the decision applier and the reconciler around it.
     */
    public static Actuator build(TripswitchConfig config, Clock clock, ActuationSink sink, Executor executor) {
        return build(config, clock, sink, executor, new Authority(DnsOwnership.everything(), SilenceWatch.never(clock)));
    }

    /** Like {@link #build(TripswitchConfig, Clock, ActuationSink, Executor)}, changing only what {@code authority} allows. */
    public static Actuator build(TripswitchConfig config, Clock clock, ActuationSink sink, Executor executor, Authority authority) {
        TripswitchConfigValidator.requireValid(config);
        FaultPolicy policy = FaultSettings.policy(config.actuator());
        Map<String, TrafficGroup> groups = TargetFactory.groups(config, System::getenv);
        // Built now rather than at a target's first use, which would add ~0.1 s to the first failover after a start.
        // A target that legitimately waits (Route 53 until INSYNC) gets an attempt timeout that covers the wait.
        Map<String, TargetGuard> guards = new HashMap<>();
        groups.values().forEach(group -> group.targets().forEach(target -> guards.put(target.name(),
                new SmallRyeTargetGuard(target.name(), policy.covering(target.slowestAttempt())))));
        EpochFence fence = new EpochFence();
        AlertBook alerts = new AlertBook(clock);
        TargetDriver driver = new TargetDriver(fence, guardOf(Map.copyOf(guards)), alerts, sink, config.actuator().dryRun(), clock,
                authority);
        DriftPolicy drift = DriftPolicy.valueOf(config.actuator().drift().name());
        return new Actuator(groups, fence, alerts, new DecisionApplier(groups, driver, executor), new Reconciler(groups, driver, drift, executor));
    }

    private static String haproxyNames(Actuator actuator) {
        return actuator.groups().values().stream().flatMap(group -> group.targets().stream())
                .filter(target -> !target.shared()).map(Target::name).sorted().toList().toString();
    }

    private static Function<String, TargetGuard> guardOf(Map<String, TargetGuard> guards) {
        return name -> {
            TargetGuard guard = guards.get(name);
            if (guard == null) {
                throw new IllegalStateException("no guard for target '" + name + "': it is not in the configuration");
            }
            return guard;
        };
    }
}
