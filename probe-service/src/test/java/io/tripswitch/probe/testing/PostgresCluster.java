package io.tripswitch.probe.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL primary (region gra) with one streaming replica (region rbx, {@code application_name} rbx, slot
 * rbx_slot), started from the Debian binaries under /usr/lib/postgresql/N/bin on 127.0.0.1 with free ports, data in
 * a temp dir. Runs the servers as user postgres ({@code runuser}) when the test runs as root, as CI does. Never
 * touches a cluster on 5432. Everything is stopped and deleted by {@link #close()}, or by a shutdown hook if a test
 * run dies before.
 *
 * <p>The probe's user {@value #PROBE_USER} (pg_monitor, owner of database {@value #DATABASE}) authenticates with
 * SCRAM and a random password kept in {@link #passwordFile()}; the test's own administration goes through psql over
 * the UNIX socket as postgres.
 */
public final class PostgresCluster implements AutoCloseable {

    public static final String PROBE_USER = "lagprobe";
    public static final String DATABASE = "app";
    public static final String REPLICA_NAME = "rbx";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path bin;
    private final Path dir;
    private final Path secrets;
    private final boolean root;
    private final int primaryPort;
    private final int replicaPort;
    private final Thread cleanup = new Thread(this::stopAndDelete, "postgres-cluster-cleanup");

    private PostgresCluster(Path bin, Path dir, Path secrets, boolean root, int primaryPort, int replicaPort) {
        this.bin = bin;
        this.dir = dir;
        this.secrets = secrets;
        this.root = root;
        this.primaryPort = primaryPort;
        this.replicaPort = replicaPort;
    }

    /** Initialises and starts the primary, takes a base backup, starts the replica and waits until it streams. */
    public static PostgresCluster start() {
        try {
            Path bin = binaries();
            boolean root = "root".equals(System.getProperty("user.name"));
            Path dir = Files.createTempDirectory("pg-lag-");
            Path secrets = Files.createTempDirectory("pg-lag-secrets-");
            int primaryPort = freePort();
            int replicaPort = freePort();
            while (replicaPort == primaryPort) {
                replicaPort = freePort();
            }
            PostgresCluster cluster = new PostgresCluster(bin, dir, secrets, root, primaryPort, replicaPort);
            Runtime.getRuntime().addShutdownHook(cluster.cleanup);
            try {
                cluster.initialise();
                return cluster;
            } catch (RuntimeException | IOException e) {
                cluster.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest PostgreSQL under /usr/lib/postgresql (Debian's layout: its binaries are not on PATH). */
    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("no PostgreSQL under " + root + ": run deploy/local/install-deps");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(candidate -> Files.isExecutable(candidate.resolve("initdb")))
                    .max(Comparator.comparing(candidate -> Integer.parseInt(candidate.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no initdb under " + root + "/*/bin: run deploy/local/install-deps"));
        }
    }

    private static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (socket.getLocalPort() != 5432) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    private void initialise() throws IOException {
        if (root) {
            exec(List.of("chown", "postgres:postgres", dir.toString()), null);
        }
        postgres(null, "initdb", "-D", primaryDir().toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
        Files.writeString(primaryDir().resolve("postgresql.conf"), serverSettings(primaryPort), StandardOpenOption.APPEND);
        // First match wins: the test administers as postgres over the socket; the probe must authenticate (SCRAM).
        Files.writeString(primaryDir().resolve("pg_hba.conf"), """
                local all all trust
                host replication replicator 127.0.0.1/32 trust
                host all all 127.0.0.1/32 scram-sha-256
                """, StandardOpenOption.TRUNCATE_EXISTING);
        startServer(primaryDir());

        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Path passwordFile = passwordFile();
        Files.writeString(passwordFile, password + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        // Through stdin, so the password shows neither in a process list nor in a failure message.
        psql(primaryPort, "postgres", "CREATE ROLE replicator REPLICATION LOGIN;\n"
                + "CREATE ROLE " + PROBE_USER + " LOGIN PASSWORD '" + password + "';\n"
                + "GRANT pg_monitor TO " + PROBE_USER + ";\n"
                + "CREATE DATABASE " + DATABASE + " OWNER " + PROBE_USER + ";\n");
        psql(primaryPort, DATABASE, "CREATE TABLE ticks (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());");

        postgres(null, "pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(primaryPort), "-U", "replicator",
                "-D", replicaDir().toString(), "-R", "-X", "stream", "-C", "-S", REPLICA_NAME + "_slot", "-c", "fast", "--no-sync");
        // cluster_name becomes the walreceiver's application_name, as the primary's pg_stat_replication shows it.
        Files.writeString(replicaDir().resolve("postgresql.conf"), serverSettings(replicaPort)
                + "cluster_name = '" + REPLICA_NAME + "'\n", StandardOpenOption.APPEND);
        startServer(replicaDir());
        awaitStreaming();
    }

    private String serverSettings(int port) {
        return "\n# pg-lag test cluster\n"
                + "port = " + port + "\n"
                + "listen_addresses = '127.0.0.1'\n"
                + "unix_socket_directories = '" + dir + "'\n"
                + "fsync = off\n"
                + "shared_buffers = 16MB\n"
                + "max_connections = 40\n"
                // The standby reports its positions every second (default 10 s), and reconnects quickly.
                + "wal_receiver_status_interval = 1s\n"
                + "wal_retrieve_retry_interval = 1s\n";
    }

    public int primaryPort() {
        return primaryPort;
    }

    public int replicaPort() {
        return replicaPort;
    }

    /** The probe user's password, one line. */
    public Path passwordFile() {
        return secrets.resolve("lagprobe.password");
    }

    /** Runs SQL on the primary's database {@value #DATABASE} as postgres; returns psql's unaligned output. */
    public String primarySql(String sql) {
        return psql(primaryPort, DATABASE, sql);
    }

    /** Runs SQL on the replica's database {@value #DATABASE} as postgres; returns psql's unaligned output. */
    public String replicaSql(String sql) {
        return psql(replicaPort, DATABASE, sql);
    }

    /** Waits until the primary lists the replica as streaming. */
    public void awaitStreaming() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String state = "";
        while (Instant.now().isBefore(deadline)) {
            state = psql(primaryPort, "postgres", "SELECT state FROM pg_stat_replication WHERE application_name = '" + REPLICA_NAME + "';");
            if (state.strip().equals("streaming")) {
                return;
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("replica not streaming after " + START_TIMEOUT + " (state '" + state.strip() + "')\n" + logs());
    }

    /** Sets the replica's {@code recovery_min_apply_delay} (0 to remove it) and reloads its configuration. */
    public void applyDelay(Duration delay) {
        replicaSql("ALTER SYSTEM SET recovery_min_apply_delay = '" + delay.toMillis() + "ms';\nSELECT pg_reload_conf();");
    }

    public void stopPrimary() {
        stopServer(primaryDir(), "fast");
    }

    public void startPrimary() {
        startServer(primaryDir());
    }

    public void stopReplica() {
        stopServer(replicaDir(), "fast");
    }

    public void startReplica() {
        startServer(replicaDir());
    }

    /**
     * Inserts a row into the primary every {@code every}, through one psql session fed on stdin (cheap on a loaded
     * machine), until closed.
     */
    public AutoCloseable steadyWrites(Duration every) {
        List<String> command = asPostgres(bin.resolve("psql").toString(), "-X", "-q", "-h", dir.toString(),
                "-p", Integer.toString(primaryPort), "-U", "postgres", "-d", DATABASE);
        Process psql;
        try {
            psql = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("writes.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread writer = new Thread(() -> {
            try (OutputStream in = psql.getOutputStream()) {
                while (!Thread.currentThread().isInterrupted()) {
                    in.write("INSERT INTO ticks DEFAULT VALUES;\n".getBytes(StandardCharsets.UTF_8));
                    in.flush();
                    Thread.sleep(every.toMillis());
                }
            } catch (IOException | InterruptedException e) {
                // stopped, or the primary went away: the writes end
            }
        }, "steady-writes");
        writer.setDaemon(true);
        writer.start();
        return () -> {
            writer.interrupt();
            writer.join(10_000);
            if (!psql.waitFor(10, TimeUnit.SECONDS)) {
                psql.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        };
    }

    /** Both servers' logs, for failure messages. */
    public String logs() {
        StringBuilder logs = new StringBuilder();
        for (Path log : List.of(dir.resolve("primary.log"), dir.resolve("replica.log"))) {
            try {
                if (Files.exists(log)) {
                    logs.append("--- ").append(log.getFileName()).append('\n').append(Files.readString(log));
                }
            } catch (IOException e) {
                logs.append("(cannot read ").append(log).append(")\n");
            }
        }
        return logs.toString();
    }

    private Path primaryDir() {
        return dir.resolve("primary");
    }

    private Path replicaDir() {
        return dir.resolve("replica");
    }

    private void startServer(Path data) {
        postgres(null, "pg_ctl", "-D", data.toString(), "-l", dir.resolve(data.getFileName() + ".log").toString(), "-w",
                "-t", Long.toString(START_TIMEOUT.toSeconds()), "start");
    }

    private void stopServer(Path data, String mode) {
        postgres(null, "pg_ctl", "-D", data.toString(), "-m", mode, "-w", "-t", "60", "stop");
    }

    private String psql(int port, String database, String sql) {
        return postgres(sql, "psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-h", dir.toString(), "-p", Integer.toString(port),
                "-U", "postgres", "-d", database);
    }

    private String postgres(String stdin, String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        return exec(asPostgres(command.toArray(String[]::new)), stdin);
    }

    private List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if (root) {
            // PostgreSQL refuses to run as root.
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private String exec(List<String> command, String stdin) {
        try {
            Path output = Files.createTempFile(secrets, "exec-", ".out");
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + START_TIMEOUT);
            }
            String text = Files.readString(output);
            Files.delete(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stopAndDelete() {
        for (Path data : List.of(replicaDir(), primaryDir())) {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                try {
                    stopServer(data, "immediate");
                } catch (RuntimeException e) {
                    // already stopped, or cannot be: the directory goes anyway
                }
            }
        }
        deleteRecursively(dir);
        deleteRecursively(secrets);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir left behind is not worth failing a test run for
        }
    }

    @Override
    public void close() {
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (harmlessly) anyway
        }
    }
}
