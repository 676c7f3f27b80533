package io.tripswitch.actuatorbench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches one observable (what HAProxy routes to, what DNS answers) with a real request every ~1 ms on a thread of its
 * own, from before the first decision to the end, and keeps when each change was first seen. Watching all along
 * rather than from each send means the probe code is warm (JIT-compiled) when the first decision is measured, and no
 * thread is started or woken per decision.
 */
final class Watcher implements AutoCloseable {

    /** One kind of real request; kept open between probes where the protocol allows (closed and reopened on error). */
    interface Probe extends AutoCloseable {
        String observe() throws IOException;

        @Override
        void close();
    }

    interface ProbeFactory {
        Probe open() throws IOException;
    }

    private record Change(String value, long seenAtNanos) {
    }

    private static final long PROBE_EVERY_NANOS = 1_000_000;

    private final ProbeFactory probes;
    private final Thread thread;
    private final List<Change> changes = new ArrayList<>();
    private volatile boolean running = true;

    private Watcher(String name, ProbeFactory probes) {
        this.probes = probes;
        this.thread = new Thread(this::watch, name);
        thread.setDaemon(true);
    }

    static Watcher start(String name, ProbeFactory probes) {
        Watcher watcher = new Watcher(name, probes);
        watcher.thread.start();
        return watcher;
    }

    private void watch() {
        Probe probe = null;
        String last = null;
        while (running) {
            try {
                if (probe == null) {
                    probe = probes.open();
                }
                String value = probe.observe();
                long seenAt = System.nanoTime();
                if (!value.equals(last)) {
                    last = value;
                    synchronized (changes) {
                        changes.add(new Change(value, seenAt));
                        changes.notifyAll();
                    }
                }
            } catch (IOException e) {
                // a refused or timed-out request is "not changed yet"; the next probe reconnects
                if (probe != null) {
                    probe.close();
                    probe = null;
                }
            }
            LockSupport.parkNanos(PROBE_EVERY_NANOS);
        }
        if (probe != null) {
            probe.close();
        }
    }

    /** The current value, once one was seen (waits up to {@code timeoutMs}). */
    String current(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        synchronized (changes) {
            while (changes.isEmpty() && System.nanoTime() < deadline) {
                changes.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            return changes.isEmpty() ? "" : changes.get(changes.size() - 1).value();
        }
    }

    /**
     * Milliseconds from {@code sentNanos} until {@code value} was first seen after it, or -1 if not within
     * {@code giveUpMs}. The value must change after the send: one already current then does not count.
     */
    long millisUntil(String value, long sentNanos, long giveUpMs) throws InterruptedException {
        long deadline = sentNanos + giveUpMs * 1_000_000;
        synchronized (changes) {
            while (true) {
                for (Change change : changes) {
                    if (change.seenAtNanos() >= sentNanos && change.value().equals(value)) {
                        return (change.seenAtNanos() - sentNanos) / 1_000_000;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return -1;
                }
                changes.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
