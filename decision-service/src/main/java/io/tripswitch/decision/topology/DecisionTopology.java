package io.tripswitch.decision.topology;

import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.decision.state.EndpointEntry;
import io.tripswitch.decision.state.GroupRecord;
import io.tripswitch.decision.state.RegionRecord;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.GroupState;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.schemas.AvroSerde;
import io.tripswitch.schemas.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The decision-service's Kafka Streams topology (see ../DESIGN.md):
 * probe results → (undecodable or invalid → dead letter) → region evaluator (per region, observer and endpoint:
 * rise/fall over event-time windows with a grace period; quorum; staleness on wall-clock punctuation) → region health → re-keyed by traffic group → group policy → decisions and group state.
 */
@ApplicationScoped
public class DecisionTopology {

    public static final String PROBE_RESULTS_SOURCE = "probe-results-source";
    /** Rise/fall state per {@code region|observer|endpoint}. */
    public static final String ENDPOINT_STORE = "endpoint-health";
    /** Per region, the assessment last published (state and observer views): read by the read API. */
    public static final String REGION_STORE = "region-observations";
    /** Per traffic group, its policy state: read by the read API. */
    public static final String GROUP_STORE = "group-policy-state";
    public static final String REGION_HEALTH_BY_GROUP = "region-health-by-group";
    public static final String REGION_EVALUATOR = "region-evaluator";
    public static final String GROUP_POLICY = "group-policy";

    @Produces
    public Topology topology(TripswitchConfig config) {
        return build(DecisionSettings.from(config));
    }

    public static Topology build(DecisionSettings settings) {
        Topics topics = settings.topics();
        Serde<String> keys = Serdes.String();
        Serde<ProbeResult> probeResults = topics.probeResults.valueSerde();
        Serde<RegionHealth> regionHealth = topics.regionHealth.valueSerde();
        DecodingSerde<ProbeResult> decoding = new DecodingSerde<>(probeResults);
        StreamsBuilder builder = new StreamsBuilder();

        KStream<String, Decoded<ProbeResult>> input = builder
                .stream(topics.probeResults.name(), Consumed.with(keys, decoding)
                        .withTimestampExtractor(new ObservedAtTimestampExtractor())
                        .withName(PROBE_RESULTS_SOURCE))
                .mapValues((region, decoded) -> decoded.isRejected() ? decoded
                        : decoded.rejectIf(ProbeResultValidation.problemWith(region, decoded.value(), settings.deployment())),
                        Named.as("validate-probe-results"));

        input.split(Named.as("probe-results-"))
                .branch((region, decoded) -> decoded.isRejected(), Branched.withConsumer(rejected -> rejected
                        .processValues(DeadLetterHeaders<ProbeResult>::new, Named.as("dead-letter-reason"))
                        .to(topics.deadLetter.name(), Produced.with(keys, decoding).withName("dead-letter-sink")), "rejected"))
                .defaultBranch(Branched.withConsumer(valid -> regionHealth(valid, settings, keys, regionHealth)
                        .process(groupPolicy(settings), Named.as(GROUP_POLICY))
                        .split(Named.as("group-outputs-"))
                        .branch((group, event) -> event instanceof FailoverDecision, Branched.withConsumer(decisions -> decisions
                                .mapValues(event -> (FailoverDecision) event, Named.as("as-decision"))
                                .to(topics.decisions.name(), Produced.with(keys, topics.decisions.valueSerde()).withName("decisions-sink")), "decision"))
                        .branch((group, event) -> event instanceof GroupState, Branched.withConsumer(states -> states
                                .mapValues(event -> (GroupState) event, Named.as("as-group-state"))
                                .to(topics.groupState.name(), Produced.with(keys, topics.groupState.valueSerde()).withName("group-state-sink")), "group-state"))
                        .noDefaultBranch(), "valid"));

        return builder.build();
    }

    /** Valid probe results → windowed aggregation → region evaluator; publishes region health and returns it keyed by group. */
    private static KStream<String, RegionHealth> regionHealth(KStream<String, Decoded<ProbeResult>> valid, DecisionSettings settings,
            Serde<String> keys, Serde<RegionHealth> regionHealth) {
        KStream<String, RegionHealth> health = valid
                .mapValues(Decoded::value, Named.as("decoded-value"))
                // Keyed by region already: the evaluator's stores are keyed inside the region's partition.
                .process(regionEvaluator(settings), Named.as(REGION_EVALUATOR));
        health.to(settings.topics().regionHealth.name(), Produced.with(keys, regionHealth).withName("region-health-sink"));
        return health
                .flatMap((region, value) -> settings.deployment().groupsOf(region).stream().map(group -> KeyValue.pair(group, value)).toList(),
                        Named.as("key-region-health-by-group"))
                .repartition(Repartitioned.with(keys, regionHealth).withName(REGION_HEALTH_BY_GROUP));
    }

    private static ProcessorSupplier<String, ProbeResult, String, RegionHealth> regionEvaluator(DecisionSettings settings) {
        return new ProcessorSupplier<>() {
            @Override
            public RegionEvaluatorProcessor get() {
                return new RegionEvaluatorProcessor(settings);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(
                        // Cached: an endpoint's state changes on every check, its changelog gets the last one per commit.
                        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ENDPOINT_STORE), Serdes.String(),
                                AvroSerde.of(EndpointEntry.class)).withCachingEnabled(),
                        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REGION_STORE), Serdes.String(),
                                AvroSerde.of(RegionRecord.class)));
            }
        };
    }

    private static ProcessorSupplier<String, RegionHealth, String, SpecificRecord> groupPolicy(DecisionSettings settings) {
        return new ProcessorSupplier<>() {
            @Override
            public GroupPolicyProcessor get() {
                return new GroupPolicyProcessor(settings);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GROUP_STORE), Serdes.String(),
                        AvroSerde.of(GroupRecord.class)));
            }
        };
    }
}
