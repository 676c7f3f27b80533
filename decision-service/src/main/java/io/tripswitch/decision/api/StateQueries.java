package io.tripswitch.decision.api;

import io.tripswitch.decision.domain.Deployment;
import io.tripswitch.decision.state.AssessmentEntry;
import io.tripswitch.decision.state.GroupRecord;
import io.tripswitch.decision.state.RegionRecord;
import io.tripswitch.decision.topology.DecisionTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads group and region state with Kafka Streams interactive queries: from this instance's stores when it holds the
 * key (active or standby: stale reads are allowed, so answers continue during a rebalance), otherwise from the
 * instance that holds it, over HTTP. Plain Java, so a test can serve it from a second, non-Quarkus instance.
 */
public final class StateQueries {

    /**
     * Where a state is: the store, the collection of the read API that serves it, and the key the store's task is found
     * by (regions are all judged by one task, under {@link DecisionTopology#ALL_REGIONS}).
     */
    private record Source<R>(String store, String collection, UnaryOperator<String> partitionKey) {
    }

    private static final Source<GroupRecord> GROUPS = new Source<>(DecisionTopology.GROUP_STORE, "groups", group -> group);
    private static final Source<RegionRecord> REGIONS = new Source<>(DecisionTopology.REGION_STATES_STORE, "regions",
            region -> DecisionTopology.ALL_REGIONS);
    private static final Set<KafkaStreams.State> QUERYABLE = Set.of(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Deployment deployment;
    private final RemoteStateClient remote;

    public StateQueries(KafkaStreams streams, HostInfo self, Deployment deployment, RemoteStateClient remote) {
        this.streams = streams;
        this.self = self;
        this.deployment = deployment;
        this.remote = remote;
    }

    /** A configured group's state; empty for a group not configured or not initialised yet. */
    public Optional<GroupView> group(String group, boolean localOnly) {
        if (deployment.regionsOf(group).isEmpty()) {
            return Optional.empty();
        }
        return lookup(GROUPS, group, localOnly, GroupView.class, StateQueries::groupView);
    }

    /** Every configured group that has a state, in configuration order. */
    public List<GroupView> groups() {
        List<GroupView> groups = new ArrayList<>();
        deployment.groups().keySet().forEach(group -> group(group, false).ifPresent(groups::add));
        return groups;
    }

    /** A configured region's latest published health; empty for a region not configured or not assessed yet. */
    public Optional<RegionHealthView> region(String region, boolean localOnly) {
        if (!deployment.knowsRegion(region)) {
            return Optional.empty();
        }
        return lookup(REGIONS, region, localOnly, RegionHealthView.class, record -> record.getPublished() == null ? null : regionView(record.getPublished()));
    }

    /** Every configured region that has a published health. */
    public List<RegionHealthView> regions() {
        List<RegionHealthView> regions = new ArrayList<>();
        deployment.endpointsByRegion().keySet().forEach(region -> region(region, false).ifPresent(regions::add));
        return regions;
    }

    private <R, V> Optional<V> lookup(Source<R> source, String key, boolean localOnly, Class<V> type, java.util.function.Function<R, V> view) {
        if (!QUERYABLE.contains(streams.state())) {
            throw new NotQueryableException("Kafka Streams is " + streams.state());
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(source.store(), source.partitionKey().apply(key), Serdes.String().serializer());
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw new NotQueryableException("no instance holds " + source.store() + " yet");
        }
        if (localOnly || self.equals(metadata.activeHost()) || metadata.standbyHosts().contains(self)) {
            return Optional.ofNullable(local(source, key)).map(view);
        }
        NotQueryableException failure = null;
        List<HostInfo> holders = new ArrayList<>();
        holders.add(metadata.activeHost());
        holders.addAll(metadata.standbyHosts());
        for (HostInfo holder : holders) {
            try {
                return remote.fetch(holder, source.collection(), key, type);
            } catch (NotQueryableException e) {
                failure = e; // try a standby
            }
        }
        throw failure;
    }

    private <R> R local(Source<R> source, String key) {
        try {
            ReadOnlyKeyValueStore<String, R> store = streams.store(StoreQueryParameters
                    .fromNameAndType(source.store(), QueryableStoreTypes.<String, R>keyValueStore()).enableStaleStores());
            return store.get(key);
        } catch (InvalidStateStoreException e) {
            throw new NotQueryableException(source.store() + " is not queryable now: " + e.getMessage(), e);
        }
    }

    private static GroupView groupView(GroupRecord record) {
        return new GroupView(record.getGroup(), record.getActiveRegion(), record.getEpoch(), record.getFrozen(), record.getHoldDownUntil(),
                record.getLastDecisionId(), record.getUpdatedAt());
    }

    private static RegionHealthView regionView(AssessmentEntry entry) {
        return new RegionHealthView(entry.getRegion(), entry.getStatus().name(), entry.getObserversConfigured(), entry.getObserversReporting(),
                entry.getObserversDown(), entry.getObserversExcused(), entry.getEndpointsTotal(), entry.getEndpointsUp(), entry.getSince(),
                entry.getEvaluatedAt(), entry.getViews().stream().map(view -> new RegionHealthView.ObserverView(view.getObserver(),
                        view.getExcused() ? RegionHealthView.EXCUSED : view.getStatus().name(), view.getStatus().name(), view.getEndpointsUp(),
                        view.getLastSeen())).toList());
    }
}
