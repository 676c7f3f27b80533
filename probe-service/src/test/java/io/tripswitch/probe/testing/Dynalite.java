package io.tripswitch.probe.testing;

import io.tripswitch.fixtures.ChildProcess;
import io.tripswitch.fixtures.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * dynalite, a DynamoDB-compatible server from npm, run by the test on 127.0.0.1 (in memory, a free port) as one
 * DynamoDB "region". It is installed by {@code deploy/local/install-deps} into {@code deploy/local/node/}.
 */
public final class Dynalite implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private Dynalite(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a dynalite called {@code name} (used for its log file in {@code dir}). */
    public static Dynalite start(String name, Path dir) {
        Path cli = cli();
        int port = FreePorts.pick();
        List<String> command = List.of("node", cli.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0");
        ChildProcess process = ChildProcess.start(command, dir.resolve("dynalite-" + name + ".log"), Duration.ofSeconds(60),
                () -> accepts(port));
        return new Dynalite(process, port);
    }

    /** The dynalite CLI under the repository's {@code deploy/local/node}, or a failure that says how to install it. */
    static Path cli() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/local/install-deps"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (deploy/local/install-deps) above " + Path.of("").toAbsolutePath());
        }
        Path cli = dir.resolve("deploy/local/node/node_modules/dynalite/cli.js");
        if (!Files.exists(cli)) {
            throw new IllegalStateException("dynalite is not installed (" + cli + " is missing): run deploy/local/install-deps");
        }
        return cli;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
