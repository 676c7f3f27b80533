package io.tripswitch.actuator.messaging;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.tripswitch.actuator.wiring.ActuatorWiring;
import io.tripswitch.events.Actuation;
import io.tripswitch.events.ActuationOutcome;
import io.tripswitch.events.DecisionAction;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.schemas.AvroSerde;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Pays the actuator's one-time costs at startup rather than on the first decision (which took ~2.5 s instead of
 * ~30 ms, see docs/decisions/0010): Avro's first decode and encode (schema parsing through Jackson, resolving
 * decoders: ~1 s cold), the JCE (TSIG's HMAC), a file replaced by atomic rename (as a map file is, in the temp
 * directory) and the Actuation producer's metadata for its topic. Nothing is sent or changed. (The decision path
 * itself, guards included, is rehearsed when the actuator is built: {@code Rehearsal}.)
 */
@ApplicationScoped
public class StartupWarmup {

    private static final Logger LOG = Logger.getLogger(StartupWarmup.class);

    @ConfigProperty(name = "mp.messaging.incoming.decisions.topic")
    String decisionsTopic;

    @ConfigProperty(name = "mp.messaging.outgoing.actuations.topic")
    String actuationsTopic;

    void onStart(@Observes StartupEvent event, KafkaClientService kafka, ActuatorWiring.Actuator actuator) {
        long started = System.nanoTime();
        Instant now = Instant.now();
        FailoverDecision sample = FailoverDecision.newBuilder()
                .setDecisionId("warm-up").setGroup("warm-up").setEpoch(0).setAction(DecisionAction.OPERATOR)
                .setActiveRegion("warm-up").setPreviousRegion("warm-up").setStandbyRegions(List.of()).setReason("warm-up")
                .setOperator(null).setEvidence(List.of()).setDecidedAt(now).build();
        AvroCodec.decision(decisionsTopic, AvroSerde.of(FailoverDecision.class).serialize(decisionsTopic, sample));
        AvroCodec.actuation(actuationsTopic, Actuation.newBuilder()
                .setDecisionId("warm-up").setGroup("warm-up").setEpoch(0).setTarget("warm-up").setOutcome(ActuationOutcome.DRY_RUN)
                .setAttempt(1).setDurationMs(0).setDetail("warm-up").setAt(now).build());
        warmJce();
        warmFileReplacement();
        LOG.debugf("Avro codecs and JCE warm in %d ms", (System.nanoTime() - started) / 1_000_000);
        preflightInBackground(actuator);
        // Without this the first Actuation would wait for the producer to fetch its topic's metadata.
        kafka.getProducer("actuations").partitionsFor(actuationsTopic).subscribe().with(
                partitions -> LOG.debugf("producer metadata for %s: %d partitions", actuationsTopic, partitions.size()),
                failure -> LOG.warnf("no metadata for %s yet (the first Actuation will fetch it): %s", actuationsTopic, failure.getMessage()));
    }

    /**
     * Each target's preflight (RFC 2136: a signed SOA query over TCP, as an update travels) on a thread of its own: an
     * unreachable server must not hold the start up. A problem is logged now rather than met at the first failover.
     */
    private static void preflightInBackground(ActuatorWiring.Actuator actuator) {
        Thread preflight = new Thread(() -> actuator.groups().values().forEach(group -> group.targets().forEach(target -> {
            long started = System.nanoTime();
            target.preflight().ifPresentOrElse(
                    problem -> LOG.warnf("preflight: %s (a change of this target would meet the same)", problem),
                    () -> LOG.debugf("preflight of %s passed in %d ms", target.name(), (System.nanoTime() - started) / 1_000_000));
        })), "actuator-preflight");
        preflight.setDaemon(true);
        preflight.start();
    }

    /**
     * TSIG signs DNS updates with HMAC: the JCE's first lookup (providers, crypto policy) costs ~0.2 s, its first
     * keyed digest some more. A throwaway key, nothing sent.
     */
    private static void warmJce() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            mac.doFinal(new byte[64]);
        } catch (GeneralSecurityException e) {
            LOG.warnf("HmacSHA256 is not available: %s", e.getMessage());
        }
    }

    /** A map file is replaced by a temporary file and an atomic rename; done once in the temp directory, nothing kept. */
    private static void warmFileReplacement() {
        try {
            Path written = Files.createTempFile("tripswitch-warm-up", ".tmp");
            Files.write(written, List.of("warm-up"), StandardCharsets.UTF_8);
            Path moved = written.resolveSibling(written.getFileName() + ".moved");
            Files.move(written, moved, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.delete(moved);
        } catch (IOException e) {
            LOG.debugf("file warm-up skipped: %s", e.getMessage());
        }
    }
}
