package io.tripswitch.probe.testing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Plays DynamoDB global-table replication between two dynalites: every {@value #SCAN_MS} ms it scans the source
 * table, and copies each changed item to the target table {@code delay} after it saw the change, in order. It can
 * be paused (nothing copied, changes queue up) and resumed; the delay can be changed at any time.
 */
public final class TestReplicator implements AutoCloseable {

    static final long SCAN_MS = 20;
    private static final Logger LOG = Logger.getLogger(TestReplicator.class);

    private record Pending(long dueAtMs, Map<String, AttributeValue> item) {
    }

    private final DynamoDbAsyncClient source;
    private final DynamoDbAsyncClient target;
    private final String table;
    private final Clock clock;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "test-replicator");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Map<String, AttributeValue>, Map<String, AttributeValue>> lastSeen = new HashMap<>();
    private final Queue<Pending> pending = new ArrayDeque<>();
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean paused;
    private final String keyName;

    public TestReplicator(DynamoDbAsyncClient source, DynamoDbAsyncClient target, String table, String keyName, Clock clock) {
        this.source = source;
        this.target = target;
        this.table = table;
        this.keyName = keyName;
        this.clock = clock;
        loop.scheduleWithFixedDelay(this::step, 0, SCAN_MS, TimeUnit.MILLISECONDS);
    }

    public void delay(Duration delay) {
        this.delay = delay;
    }

    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    private void step() {
        if (paused) {
            return;
        }
        try {
            long now = clock.millis();
            List<Map<String, AttributeValue>> items = source.scan(r -> r.tableName(table).consistentRead(true)).join().items();
            for (Map<String, AttributeValue> item : items) {
                Map<String, AttributeValue> key = Map.of(keyName, item.get(keyName));
                if (!item.equals(lastSeen.get(key))) {
                    lastSeen.put(key, item);
                    pending.add(new Pending(now + delay.toMillis(), item));
                }
            }
            while (!pending.isEmpty() && pending.peek().dueAtMs() <= clock.millis()) {
                Map<String, AttributeValue> item = pending.poll().item();
                target.putItem(r -> r.tableName(table).item(item)).join();
            }
        } catch (RuntimeException e) {
            // A stopped dynalite in one test must not end the loop for the next ones.
            LOG.debugf("replication step failed: %s", e.getMessage());
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
