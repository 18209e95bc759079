package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.testkit.OutputLog;
import org.meternode.app.lwm2m.security.DtlsSessionKeeper;
import org.meternode.tools.launch.NodeProcess;
import org.meternode.tools.launch.SimNodeSetup;

/**
 * The node only initiates: a stranger's DTLS ClientHello (or garbage) sent to the node's own UDP
 * port gets no answer and leaves no state behind (the node's saved DTLS state still holds only its
 * one server connection), and the node holds exactly one socket: one UDP socket, no TCP socket.
 */
class ClientOnlyIT {
    private static final String EP = "meter-client-only";

    @TempDir
    Path dir;

    @Test
    void a_client_hello_to_the_node_port_gets_no_answer() throws Exception {
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0)) {
            SimNodeSetup.Written w = SimNodeSetup.write(dir.resolve("node"), EP, rig.headEnd.uri(), "1m", 600, 9);
            rig.headEnd.addPsk(w.psk());
            OutputLog output = new OutputLog("node output", null);
            try (NodeProcess node = NodeProcess.start(w.config(), List.of(), output::add)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.headEnd.isRegistered(EP));
                Set<Integer> ports = udpPortsOf(node.pid());
                assertThat(ports).as("the node's UDP sockets").hasSize(1);
                assertThat(listeningTcpSockets(node.pid())).as("listening TCP sockets of the node").isZero();
                assertThat(tcpSockets(node.pid())).as("TCP sockets of the node, any state").isZero();
                System.out.println("client-only: the node holds exactly one socket, UDP port " + ports
                        + " (" + udpLocalAddresses(node.pid()) + ")");
                try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                    stranger.setSoTimeout(1_500);
                    for (int port : ports) {
                        send(stranger, clientHello(), port);
                        send(stranger, garbage(), port);
                        assertThat(answer(stranger)).as("answer from node port %d", port).isNull();
                    }
                }
                int port = ports.iterator().next();
                for (int i = 0; i < 50; i++) {
                    try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                        stranger.setSoTimeout(i == 49 ? 1_500 : 1);
                        for (int j = 0; j < 4; j++) {
                            send(stranger, clientHello(), port);
                        }
                        send(stranger, garbage(), port);
                        assertThat(answer(stranger)).as("answer to stranger %d", i).isNull();
                    }
                }
                long delivered = rig.headEnd.store().count(EP);
                await().atMost(Duration.ofSeconds(30)).until(() -> rig.headEnd.store().count(EP) > delivered);
                assertThat(rig.headEnd.isRegistered(EP)).as("the node is still fine").isTrue();
                assertThat(udpPortsOf(node.pid())).as("still one UDP socket").isEqualTo(ports);
                node.stop(Duration.ofSeconds(20));
            }
            assertThat(DtlsSessionKeeper.savedConnections(dir.resolve("node/state/dtls-session.bin")))
                    .as("DTLS connections the node kept after 250 strangers' ClientHellos").isEqualTo(1);
        }
    }

    private static void send(DatagramSocket s, byte[] data, int port) throws IOException {
        s.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), port));
    }

    private static byte[] answer(DatagramSocket s) throws IOException {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            s.receive(p);
            return java.util.Arrays.copyOf(buf, p.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** A well-formed DTLS 1.2 ClientHello offering TLS_PSK_WITH_AES_128_CCM_8, no cookie. */
    static byte[] clientHello() {
        ByteBuffer body = ByteBuffer.allocate(2 + 32 + 1 + 1 + 2 + 2 + 2);
        body.put((byte) 0xfe).put((byte) 0xfd);
        byte[] random = new byte[32];
        new Random(1).nextBytes(random);
        body.put(random).put((byte) 0).put((byte) 0); // session id, cookie: empty
        body.putShort((short) 2).putShort((short) 0xC0A8); // cipher suites
        body.put((byte) 1).put((byte) 0); // compression: null
        int len = body.position();
        ByteBuffer hs = ByteBuffer.allocate(12 + len);
        hs.put((byte) 1).put(u24(len)).putShort((short) 0).put(u24(0)).put(u24(len)).put(body.array(), 0, len);
        ByteBuffer rec = ByteBuffer.allocate(13 + hs.capacity());
        rec.put((byte) 22).put((byte) 0xfe).put((byte) 0xfd).putShort((short) 0).put(new byte[6])
                .putShort((short) hs.capacity()).put(hs.array());
        return rec.array();
    }

    private static byte[] u24(int v) {
        return new byte[] {(byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    private static byte[] garbage() {
        byte[] g = new byte[300];
        new Random(2).nextBytes(g);
        return g;
    }

    /** Local ports of the UDP sockets process {@code pid} holds (from /proc). */
    static Set<Integer> udpPortsOf(long pid) throws IOException {
        Set<String> inodes = socketInodes(pid);
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("udp", "udp6")) {
            for (String[] row : procNet(pid, table)) {
                if (inodes.contains(row[9])) {
                    ports.add(Integer.parseInt(row[1].substring(row[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    static long tcpSockets(long pid) throws IOException {
        Set<String> inodes = socketInodes(pid);
        long n = 0;
        for (String table : List.of("tcp", "tcp6")) {
            for (String[] row : procNet(pid, table)) {
                if (inodes.contains(row[9])) {
                    n++;
                }
            }
        }
        return n;
    }

    /** "address:port" of the process's UDP sockets as /proc shows them (hex). */
    static List<String> udpLocalAddresses(long pid) throws IOException {
        Set<String> inodes = socketInodes(pid);
        List<String> out = new java.util.ArrayList<>();
        for (String table : List.of("udp", "udp6")) {
            for (String[] row : procNet(pid, table)) {
                if (inodes.contains(row[9])) {
                    out.add(table + " " + row[1]);
                }
            }
        }
        return out;
    }

    static long listeningTcpSockets(long pid) throws IOException {
        Set<String> inodes = socketInodes(pid);
        long n = 0;
        for (String table : List.of("tcp", "tcp6")) {
            for (String[] row : procNet(pid, table)) {
                if ("0A".equals(row[3]) && inodes.contains(row[9])) {
                    n++;
                }
            }
        }
        return n;
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException ignored) {
                    // fd closed meanwhile
                }
            }
        }
        return inodes;
    }

    private static List<String[]> procNet(long pid, String table) throws IOException {
        Path p = Path.of("/proc", Long.toString(pid), "net", table);
        if (!Files.exists(p)) {
            return List.of();
        }
        return Files.readAllLines(p).stream().skip(1).map(l -> l.trim().split("\\s+")).toList();
    }
}
