package io.tripswitch.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
        List<String> command = new ArrayList<>(List.of(Lab.REPO.resolve("deploy/regions/lab").toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dir, "lab-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Lab.REPO.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("LAB_DIR", dir.toString());
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("regions lab " + String.join(" ", args) + " did not finish within " + timeout + ":\n"
                    + Files.readString(output));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError("regions lab " + String.join(" ", args) + " exited " + process.exitValue() + ":\n" + text);
        }
        return text;
    }

    Map<String, String> env() throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("lab.env"))) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return env;
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
