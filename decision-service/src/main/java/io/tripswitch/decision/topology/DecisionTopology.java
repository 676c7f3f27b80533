package io.tripswitch.decision.topology;

import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.decision.state.EndpointEntry;
import io.tripswitch.decision.state.GroupRecord;
import io.tripswitch.decision.state.RegionAlertsRecord;
import io.tripswitch.decision.state.RegionRecord;
import io.tripswitch.events.Alert;
import io.tripswitch.events.FailoverDecision;
import io.tripswitch.events.GroupState;
import io.tripswitch.events.OperatorCommand;
import io.tripswitch.events.ProbeResult;
import io.tripswitch.events.RegionHealth;
import io.tripswitch.events.ReplicationLag;
import io.tripswitch.schemas.AvroSerde;
import io.tripswitch.schemas.Topic;
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
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The decision-service's Kafka Streams topology (see ../DESIGN.md):
 * probe results → (undecodable or invalid → dead letter) → region evaluator (per region, observer and endpoint:
 * rise/fall over event-time windows with a grace period; each observer's view; staleness on wall-clock punctuation)
 * → every region's views, re-keyed to one task → region states (all regions judged together, by quorum, excusing the
 * observers of a DOWN region) → region health, and region alerts; region health, replication lag and operator commands
 * (each validated, bad ones to the dead letter) → re-keyed by traffic group into one repartition topic → group
 * policy (wall-clock punctuation for its timers) → decisions, group state and group alerts.
 */
@ApplicationScoped
public class DecisionTopology {

    public static final String PROBE_RESULTS_SOURCE = "probe-results-source";
    public static final String REPLICATION_LAG_SOURCE = "replication-lag-source";
    public static final String COMMANDS_SOURCE = "commands-source";
    /** Rise/fall state per {@code region|observer|endpoint}. */
    public static final String ENDPOINT_STORE = "endpoint-health";
    /** Per region, the views last sent on to the region states (the region evaluator's memory). */
    public static final String REGION_STORE = "region-observations";
    /** Per region, the views last received and the state last published on region-health: read by the read API. */
    public static final String REGION_STATES_STORE = "region-states";
    /** The one key every region's views are sent under, so all regions are judged by one task from one set of views. */
    public static final String ALL_REGIONS = "*";
    public static final String REGION_VIEWS = "region-views";
    public static final String REGION_STATES = "region-states";
    public static final String REGION_ALERTS_STORE = "region-alerts";
    /** Per traffic group, its policy state: read by the read API. */
    public static final String GROUP_STORE = "group-policy-state";
    public static final String GROUP_INPUTS = "group-inputs";
    public static final String REGION_EVALUATOR = "region-evaluator";
    public static final String REGION_ALERTS = "region-alert-lifecycle";
    public static final String GROUP_POLICY = "group-policy";

    @Produces
    public Topology topology(TripswitchConfig config) {
        return build(DecisionSettings.from(config));
    }

    public static Topology build(DecisionSettings settings) {
        Topics topics = settings.topics();
        Serde<String> keys = Serdes.String();
        StreamsBuilder builder = new StreamsBuilder();

        KStream<String, ProbeResult> probeResults = validated(builder, topics.probeResults, "probe-results", new ObservedAtTimestampExtractor(),
                (key, result, now) -> InputValidation.probeResult(key, result, settings.deployment(), now, settings.maxClockSkew()), topics);
        KStream<String, RegionHealth> health = regionHealth(probeResults, settings, keys);
        health.process(regionAlerts(settings), Named.as(REGION_ALERTS))
                .mapValues(event -> (Alert) event, Named.as("as-region-alert"))
                .to(topics.alerts.name(), Produced.with(keys, topics.alerts.valueSerde()).withName("region-alerts-sink"));

        KStream<String, ReplicationLag> lags = validated(builder, topics.replicationLag, "replication-lag", null,
                (key, lag, now) -> InputValidation.replicationLag(key, lag, settings.deployment(), now, settings.maxClockSkew()), topics);
        KStream<String, OperatorCommand> commands = validated(builder, topics.commands, "commands", null,
                (key, command, now) -> InputValidation.operatorCommand(key, command, now, settings.maxClockSkew()), topics);

        KStream<String, GroupInput> byGroup = health
                .flatMap((region, value) -> settings.deployment().groupsOf(region).stream()
                        .map(group -> KeyValue.pair(group, GroupInput.of(value))).toList(), Named.as("key-region-health-by-group"))
                .merge(lags.flatMap((region, lag) -> settings.deployment().groupsUsingStore(lag.getStore()).stream()
                        .map(group -> KeyValue.pair(group, GroupInput.of(lag))).toList(), Named.as("key-replication-lag-by-group")),
                        Named.as("merge-lag"))
                .merge(commands.mapValues(GroupInput::of, Named.as("command-as-group-input")), Named.as("merge-commands"));

        byGroup.repartition(Repartitioned.with(keys, new GroupInputSerde()).withName(GROUP_INPUTS))
                .process(groupPolicy(settings), Named.as(GROUP_POLICY))
                .split(Named.as("group-outputs-"))
                .branch((group, event) -> event instanceof FailoverDecision, Branched.withConsumer(decisions -> decisions
                        .mapValues(event -> (FailoverDecision) event, Named.as("as-decision"))
                        .to(topics.decisions.name(), Produced.with(keys, topics.decisions.valueSerde()).withName("decisions-sink")), "decision"))
                .branch((group, event) -> event instanceof GroupState, Branched.withConsumer(states -> states
                        .mapValues(event -> (GroupState) event, Named.as("as-group-state"))
                        .to(topics.groupState.name(), Produced.with(keys, topics.groupState.valueSerde()).withName("group-state-sink")), "group-state"))
                .branch((group, event) -> event instanceof Alert, Branched.withConsumer(alerts -> alerts
                        .mapValues(event -> (Alert) event, Named.as("as-group-alert"))
                        .to(topics.alerts.name(), Produced.with(keys, topics.alerts.valueSerde()).withName("group-alerts-sink")), "alert"))
                .noDefaultBranch();

        return builder.build();
    }

    /**
     * Reads an input topic without ever failing on a record: undecodable records and those failing {@code rule}
     * go, as they came and with the reason in headers, to the dead-letter topic; the valid ones are returned.
     */
    private static <T> KStream<String, T> validated(StreamsBuilder builder, Topic<String, T> topic, String name, TimestampExtractor timestamps,
            Validate.Rule<T> rule, Topics topics) {
        Serde<String> keys = Serdes.String();
        DecodingSerde<T> decoding = new DecodingSerde<>(topic.valueSerde());
        Consumed<String, Decoded<T>> consumed = Consumed.with(keys, decoding).withName(name + "-source");
        if (timestamps != null) {
            consumed = consumed.withTimestampExtractor(timestamps);
        }
        return builder.stream(topic.name(), consumed)
                .processValues(() -> new Validate<>(rule), Named.as("validate-" + name))
                .split(Named.as(name + "-"))
                .branch((key, decoded) -> decoded.isRejected(), Branched.withConsumer(rejected -> rejected
                        .processValues(DeadLetterHeaders<T>::new, Named.as(name + "-dead-letter-reason"))
                        .to(topics.deadLetter.name(), Produced.with(keys, decoding).withName(name + "-dead-letter-sink")), "rejected"))
                .defaultBranch(Branched.as("valid"))
                .get(name + "-valid")
                .mapValues(Decoded::value, Named.as(name + "-decoded-value"));
    }

    /**
     * Valid probe results → region evaluator (event-time windows per endpoint, views per observer) → every region's
     * views to one task → region states; publishes region health and returns it.
     */
    private static KStream<String, RegionHealth> regionHealth(KStream<String, ProbeResult> valid, DecisionSettings settings, Serde<String> keys) {
        Topics topics = settings.topics();
        KStream<String, RegionHealth> health = valid
                // Keyed by region already: the evaluator's stores are keyed inside the region's partition.
                .process(regionEvaluator(settings), Named.as(REGION_EVALUATOR))
                // An observer's vote depends on its own region's state: judge all regions in one place, from one set of views.
                .selectKey((region, views) -> ALL_REGIONS, Named.as("key-views-to-all-regions"))
                .repartition(Repartitioned.with(keys, topics.regionHealth.valueSerde()).withName(REGION_VIEWS))
                .process(regionStates(settings), Named.as(REGION_STATES));
        health.to(topics.regionHealth.name(), Produced.with(keys, topics.regionHealth.valueSerde()).withName("region-health-sink"));
        return health;
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
                        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REGION_STORE), Serdes.String(), regionRecordSerde()));
            }
        };
    }

    private static ProcessorSupplier<String, RegionHealth, String, RegionHealth> regionStates(DecisionSettings settings) {
        return new ProcessorSupplier<>() {
            @Override
            public RegionStatesProcessor get() {
                return new RegionStatesProcessor(settings);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REGION_STATES_STORE), Serdes.String(), regionRecordSerde()));
            }
        };
    }

    private static ProcessorSupplier<String, RegionHealth, String, SpecificRecord> regionAlerts(DecisionSettings settings) {
        return new ProcessorSupplier<>() {
            @Override
            public RegionAlertsProcessor get() {
                return new RegionAlertsProcessor(settings.rules().staleAfter());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REGION_ALERTS_STORE), Serdes.String(),
                        AvroSerde.of(RegionAlertsRecord.class)));
            }
        };
    }

    private static ProcessorSupplier<String, GroupInput, String, SpecificRecord> groupPolicy(DecisionSettings settings) {
        return new ProcessorSupplier<>() {
            @Override
            public GroupPolicyProcessor get() {
                return new GroupPolicyProcessor(settings);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GROUP_STORE), Serdes.String(), groupRecordSerde()));
            }
        };
    }

    /**
     * The group-policy-state store's serde: reads what every earlier version wrote (GroupRecord-v1: before the lag memory
     * of 0007; v2: before excused observers, 0013).
     */
    static VersionedStateSerde<GroupRecord> groupRecordSerde() {
        return VersionedStateSerde.of(GroupRecord.class, "state-schemas/GroupRecord-v1.avsc", "state-schemas/GroupRecord-v2.avsc");
    }

    /** The region stores' serde: reads what the version before excused observers wrote (RegionRecord-v1, 0013). */
    static VersionedStateSerde<RegionRecord> regionRecordSerde() {
        return VersionedStateSerde.of(RegionRecord.class, "state-schemas/RegionRecord-v1.avsc");
    }
}
