package io.tripswitch.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Drives {@code deploy/local/lab} in its own directory and port range, so it never meets a developer's lab. */
final class Lab implements AutoCloseable {

    static final Path REPO = Path.of(System.getProperty("tripswitch.repo", "..")).toAbsolutePath().normalize();

    private final Path dir;
    private final int portBase;

    Lab(Path dir) {
        this.dir = dir;
        this.portBase = freePortBase();
    }

    Path dir() {
        return dir;
    }

    /** Runs one lab command; returns its combined output, failing on a non-zero exit. */
    String run(Duration timeout, String... args) throws IOException, InterruptedException {
        return runScript("deploy/local/lab", dir, Map.of("LAB_DIR", dir.toString(), "LAB_PORT_BASE", Integer.toString(portBase)),
                timeout, args);
    }

    Map<String, String> env() throws IOException {
        return readEnv(dir);
    }

    /** Runs {@code script} (a path in the repository) with {@code args}; its output goes to a file in {@code dir}. */
    static String runScript(String script, Path dir, Map<String, String> environment, Duration timeout, String... args)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(REPO.resolve(script).toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dir, "lab-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(REPO.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(script + " " + String.join(" ", args) + " did not finish within " + timeout + ":\n"
                    + Files.readString(output));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(script + " " + String.join(" ", args) + " exited " + process.exitValue() + ":\n" + text);
        }
        return text;
    }

    /** The lab's {@code lab.env} (KEY=VALUE lines) in {@code dir}. */
    static Map<String, String> readEnv(Path dir) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("lab.env"))) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return env;
    }

    /** PIDs the lab recorded for what it started. */
    List<Long> recordedPids() throws IOException {
        Path pids = dir.resolve("pids");
        if (!Files.isDirectory(pids)) {
            return List.of();
        }
        try (var files = Files.list(pids)) {
            return files.map(Lab::readPid).filter(pid -> pid > 0).toList();
        }
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(Duration.ofMinutes(2), "down");
    }

    /**
     * A base port whose next 100 ports are free now, away from the lab's default of 19000 and below Linux' ephemeral
     * range (32768–60999): there a client connection of the lab itself could take a service's port between this check
     * and the service's start (seen in CI: a probe found its HTTP port taken).
     */
    private static int freePortBase() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + ThreadLocalRandom.current().nextInt(120) * 100;
            if (rangeFree(base, 100)) {
                return base;
            }
        }
        throw new IllegalStateException("no free range of 100 ports found");
    }

    private static boolean rangeFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
