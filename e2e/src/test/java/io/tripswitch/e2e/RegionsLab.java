package io.tripswitch.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code deploy/regions/lab} (three regions in containers) with its state in a directory of the test's own.
 * The lab's networks have fixed names and subnets (deploy/regions/README.md): one regions lab per machine at a time.
 */
final class RegionsLab implements AutoCloseable {

    private final Path dir;

    RegionsLab(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Runs one lab command; returns its combined output, failing on a non-zero exit. */
    String run(Duration timeout, String... args) throws IOException, InterruptedException {
        return Lab.runScript("deploy/regions/lab", dir, Map.of("LAB_DIR", dir.toString()), timeout, args);
    }

    Map<String, String> env() throws IOException {
        return Lab.readEnv(dir);
    }

    /** When the lab injected a fault ({@code blackout-gra}, {@code partition-gra}): epoch milliseconds. */
    long faultAt(String fault, String region) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve(fault + "-" + region)).trim());
    }

    /** The logs of one container (e.g. {@code decision-gra}), stdout and stderr. */
    String logsOf(String container) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "logs-", ".out");
        Process process = new ProcessBuilder("docker", "logs", container)
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("docker logs " + container + " failed:\n" + Files.readString(output));
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(Duration.ofMinutes(3), "down");
    }
}
