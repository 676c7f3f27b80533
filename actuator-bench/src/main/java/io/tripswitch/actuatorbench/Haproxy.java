package io.tripswitch.actuatorbench;

import io.tripswitch.fixtures.HaproxyServer;
import io.tripswitch.fixtures.RegionHttpServer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The bench's routing lab: a real HAProxy (master-worker, as deployed) whose frontend picks group {@code app}'s backend from
 * a map file, in front of two real HTTP servers in this JVM answering {@code region=gra} and {@code region=rbx}.
 */
final class Haproxy implements AutoCloseable {

    private final HaproxyServer haproxy;
    private final RegionHttpServer gra;
    private final RegionHttpServer rbx;

    private Haproxy(HaproxyServer haproxy, RegionHttpServer gra, RegionHttpServer rbx) {
        this.haproxy = haproxy;
        this.gra = gra;
        this.rbx = rbx;
    }

    /** Starts the two region servers, then HAProxy in {@code dir} routing to gra. */
    static Haproxy start(Path dir) {
        RegionHttpServer gra = RegionHttpServer.start("gra");
        RegionHttpServer rbx = RegionHttpServer.start("rbx");
        try {
            return new Haproxy(HaproxyServer.startMasterWorker(dir, gra.port(), rbx.port(), "app_gra"), gra, rbx);
        } catch (RuntimeException e) {
            gra.close();
            rbx.close();
            throw e;
        }
    }

    Path adminSocket() {
        return haproxy.adminSocket();
    }

    Path mapFile() {
        return haproxy.mapFile();
    }

    int frontendPort() {
        return haproxy.frontendPort();
    }

    /** The body of a real HTTP/1.0 request through the frontend on a fresh connection, e.g. {@code region=rbx}. */
    String route() throws IOException {
        return haproxy.route();
    }

    @Override
    public void close() {
        haproxy.close();
        gra.close();
        rbx.close();
    }
}
