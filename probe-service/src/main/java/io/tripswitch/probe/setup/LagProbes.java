package io.tripswitch.probe.setup;

import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.probe.lag.DynamodbLagProbe;
import io.tripswitch.probe.lag.LagProbe;
import io.tripswitch.probe.lag.PostgresqlLagProbe;
import io.tripswitch.probe.schedule.LagScheduler.MeasuredStore;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds one {@link LagProbe} per store of {@code tripswitch.yaml} that has connection settings, by kind; a store
 * without them gets a warning naming the key, since its lag (and so its regions' readiness) stays unmeasured.
 *
 * @param stores   the stores to measure
 * @param warnings stores not measured, and why
 */
public record LagProbes(List<MeasuredStore> stores, List<String> warnings) {

    public LagProbes {
        stores = List.copyOf(stores);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param probeId     this probe's id (names its DynamoDB canary item)
     * @param environment the process environment, for passwords named by {@code password-env}
     */
    public static LagProbes from(TripswitchConfig config, Vertx vertx, String probeId, Clock clock, Function<String, String> environment) {
        Duration timeout = config.probe().lagTimeout();
        List<MeasuredStore> stores = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        new TreeMap<>(config.stores()).forEach((id, store) -> {
            String key = "tripswitch.stores." + id;
            Optional<MeasuredStore> measured = switch (store.kind()) {
                case POSTGRESQL -> store.postgresql().map(settings -> new MeasuredStore(
                        new PostgresqlLagProbe(vertx, id, store, timeout, environment), store.kind(), sourceByReplica(store)));
                case DYNAMODB -> store.dynamodb().map(settings -> {
                    DynamodbLagProbe probe = DynamodbLagProbe.from(id, store, config.probe(), probeId, clock);
                    return new MeasuredStore(probe, store.kind(), everyReplicaFrom(store, probe.sourceRegion()));
                });
            };
            if (measured.isPresent()) {
                stores.add(measured.get());
            } else {
                String section = store.kind() == TripswitchConfig.StoreKind.POSTGRESQL ? "postgresql" : "dynamodb";
                warnings.add(key + "." + section + ": not set, so the replication lag of store '" + id + "' is not measured by this probe");
            }
        });
        return new LagProbes(stores, warnings);
    }

    /** Replica region → source region for a store whose every replica copies from one region (the canary's). */
    private static Map<String, String> everyReplicaFrom(TripswitchConfig.Store store, String source) {
        Map<String, String> sources = new LinkedHashMap<>();
        store.replicas().forEach(replica -> sources.put(replica, source));
        return sources;
    }

    /**
     * Replica region → source region, for readings the scheduler makes itself (timeouts). A multi-primary store has no
     * single source; the first other region of the store stands in until the probe's own readings say otherwise.
     */
    private static Map<String, String> sourceByReplica(TripswitchConfig.Store store) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String replica : store.replicas()) {
            Optional<String> source = store.primary()
                    .or(() -> store.replicas().stream().filter(region -> !region.equals(replica)).findFirst());
            if (!store.primary().map(replica::equals).orElse(false)) {
                sources.put(replica, source.orElse(replica));
            }
        }
        return sources;
    }
}
