package io.tripswitch.actuatorbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A server run as a child of the bench JVM, its output in a log file, stopped on close. */
final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} and waits until {@code ready} holds (the machine may be loaded: minutes, not seconds). */
    static ChildProcess start(List<String> command, Map<String, String> environment, Path log, long timeoutMs, BooleanSupplier ready)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        ChildProcess child = new ChildProcess(builder.start(), log);
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!ready.getAsBoolean()) {
            if (!child.process.isAlive() || System.currentTimeMillis() > deadline) {
                child.close();
                throw new IllegalStateException(command.get(0) + " did not become ready; see " + log + ":\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return child;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
