package io.tripswitch.actuatorbench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The real requests the bench watches with: HTTP through HAProxy, and DNS queries. */
final class Probes {

    private static final int TIMEOUT_MS = 500;

    private Probes() {
    }

    /**
     * {@code GET /} through HAProxy on one kept-alive HTTP/1.1 connection, answering the body ({@code region=rbx}):
     * HAProxy picks the backend (the map lookup) for every request, so each probe sees the routing of that moment
     * without the cost of a new connection per probe on the cores the actuator runs on.
     */
    static Watcher.ProbeFactory httpThroughHaproxy(int frontendPort) {
        byte[] request = "GET / HTTP/1.1\r\nHost: app\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        return () -> {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(TIMEOUT_MS);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), frontendPort), TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            return new Watcher.Probe() {
                @Override
                public String observe() throws IOException {
                    out.write(request);
                    out.flush();
                    String status = line(in);
                    if (!status.startsWith("HTTP/1.1 200")) {
                        throw new IOException("HAProxy answered '" + status + "'");
                    }
                    int length = -1;
                    for (String header = line(in); !header.isEmpty(); header = line(in)) {
                        if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(header.substring("content-length:".length()).trim());
                        }
                    }
                    if (length < 0) {
                        throw new IOException("no Content-Length in the answer");
                    }
                    return new String(in.readNBytes(length), StandardCharsets.US_ASCII).strip();
                }

                @Override
                public void close() {
                    try {
                        socket.close();
                    } catch (IOException e) {
                        // closing a broken connection
                    }
                }
            };
        };
    }

    /** A UDP query for {@code fqdn} A to the server on 127.0.0.1:{@code port}, answering the first address (or ""). */
    static Watcher.ProbeFactory dnsA(int port, String fqdn) {
        return () -> {
            Name name = Name.fromString(fqdn);
            DatagramSocket socket = new DatagramSocket();
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            socket.setSoTimeout(TIMEOUT_MS);
            byte[] buffer = new byte[4096];
            return new Watcher.Probe() {
                private int id;

                @Override
                public String observe() throws IOException {
                    Message query = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
                    id = (id + 1) & 0xffff;
                    query.getHeader().setID(id);
                    byte[] wire = query.toWire();
                    socket.send(new DatagramPacket(wire, wire.length));
                    while (true) {
                        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                        socket.receive(packet);
                        Message answer = new Message(Arrays.copyOf(buffer, packet.getLength()));
                        if (answer.getHeader().getID() != id) {
                            continue; // a late answer to an earlier, timed-out query
                        }
                        for (Record record : answer.getSection(Section.ANSWER)) {
                            if (record instanceof ARecord a) {
                                return a.getAddress().getHostAddress();
                            }
                        }
                        return "";
                    }
                }

                @Override
                public void close() {
                    socket.close();
                }
            };
        };
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed mid-answer");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
