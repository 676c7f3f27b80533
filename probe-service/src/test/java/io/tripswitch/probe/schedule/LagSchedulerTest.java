package io.tripswitch.probe.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.mutiny.Uni;
import io.tripswitch.config.TripswitchConfig.StoreKind;
import io.tripswitch.probe.lag.LagProbe;
import io.tripswitch.probe.lag.LagReading;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LagSchedulerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Vertx vertx = Vertx.vertx();
    private final List<LagReading> published = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeVertx() {
        vertx.closeAndAwait();
    }

    @Test
    void shouldSpreadStoresEvenlyOverTheIntervalInIdOrder() {
        Map<String, Duration> offsets = LagScheduler.offsets(List.of("orders", "users", "sessions", "carts"), Duration.ofSeconds(4), 0);

        assertThat(offsets).containsExactly(
                Map.entry("carts", Duration.ZERO), Map.entry("orders", Duration.ofSeconds(1)),
                Map.entry("sessions", Duration.ofSeconds(2)), Map.entry("users", Duration.ofSeconds(3)));
        assertThat(LagScheduler.offsets(List.of("users"), Duration.ofSeconds(4), 1_500_000_123L).get("users"))
                .isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void shouldPublishEveryReadingOfEachMeasurement() {
        LagProbe probe = new SlowProbe("users", Duration.ZERO);
        try (LagScheduler scheduler = new LagScheduler(vertx, published::add, Duration.ofMillis(100), Duration.ofSeconds(5))) {
            scheduler.start(List.of(store(probe)), 0);

            await().atMost(WAIT).until(() -> published.size() >= 3);
        }
        assertThat(published).allSatisfy(reading -> {
            assertThat(reading.healthy()).isTrue();
            assertThat(reading.lagMs()).hasValue(42);
        });
    }

    @Test
    void shouldPublishATimeoutReadingPerReplicaWhenAMeasurementDoesNotAnswerInTime() {
        // given a probe that answers after 2 s, and a timeout of 200 ms
        SlowProbe probe = new SlowProbe("users", Duration.ofSeconds(2));
        try (LagScheduler scheduler = new LagScheduler(vertx, published::add, Duration.ofSeconds(10), Duration.ofMillis(200))) {
            // when it is measured
            scheduler.start(List.of(store(probe)), 0);

            // then the replica gets an unhealthy reading without figure, detail "timeout", and nothing else once the answer comes late
            await().atMost(WAIT).until(() -> probe.finished.get() == 1);
            assertThat(scheduler.timeouts()).isOne();
        }
        assertThat(published).singleElement().satisfies(reading -> {
            assertThat(reading.healthy()).isFalse();
            assertThat(reading.lagMs()).isEmpty();
            assertThat(reading.detail()).isEqualTo("timeout");
            assertThat(reading.sourceRegion()).isEqualTo("gra");
            assertThat(reading.replicaRegion()).isEqualTo("rbx");
        });
    }

    @Test
    void shouldNeverRunTwoMeasurementsOfOneStoreAtOnce() {
        // given a probe slower than the interval
        SlowProbe probe = new SlowProbe("users", Duration.ofMillis(700));
        try (LagScheduler scheduler = new LagScheduler(vertx, published::add, Duration.ofMillis(100), Duration.ofMillis(300))) {
            scheduler.start(List.of(store(probe)), 0);

            // when several of its ticks have passed
            await().atMost(WAIT).until(() -> probe.finished.get() >= 3);

            // then ticks were skipped rather than measurements overlapped
            assertThat(probe.maxConcurrent.get()).isEqualTo(1);
            assertThat(scheduler.skippedTicks()).isPositive();
        }
    }

    private static LagScheduler.MeasuredStore store(LagProbe probe) {
        return new LagScheduler.MeasuredStore(probe, StoreKind.POSTGRESQL, Map.of("rbx", "gra"));
    }

    /** A store whose measurement takes a given time and counts how many run at once. */
    private static final class SlowProbe implements LagProbe {

        private final String store;
        private final Duration delay;
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger maxConcurrent = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();

        SlowProbe(String store, Duration delay) {
            this.store = store;
            this.delay = delay;
        }

        @Override
        public String store() {
            return store;
        }

        @Override
        public Uni<List<LagReading>> measure() {
            return Uni.createFrom().item(() -> {
                        maxConcurrent.accumulateAndGet(running.incrementAndGet(), Math::max);
                        return List.of(new LagReading(store, StoreKind.POSTGRESQL, "gra", "rbx", OptionalLong.of(42), OptionalLong.of(0), true,
                                "fixed"));
                    })
                    .onItem().delayIt().by(delay.isZero() ? Duration.ofMillis(1) : delay)
                    .invoke(() -> {
                        running.decrementAndGet();
                        finished.incrementAndGet();
                    });
        }

        @Override
        public void close() {
        }
    }
}
