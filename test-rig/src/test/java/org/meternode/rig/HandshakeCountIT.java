package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.rig.net.UdpRelay;
import org.meternode.rig.net.UdpRelay.Counts;
import org.meternode.tools.headend.HeadEndOptions;
import org.meternode.tools.headend.PskEntry;
import org.meternode.tools.launch.NodeProcess;

/**
 * No handshake per wake: a node child JVM restarted 10 times (clean SIGTERM stop each time) and
 * waking for 10 more Sends costs one full DTLS handshake in total, counted on the wire by a relay
 * (ClientKeyExchange = one per full handshake; every other handshake record is counted too). A
 * head-end restarted with its saved DTLS state costs nothing more; one restarted without it (the
 * node's session forgotten) costs exactly one more full handshake. Prints bytes and datagrams for
 * the first connection and for a resumed wake.
 */
class HandshakeCountIT {
    private static final String EP = "meter-wake";
    private static final String KEY = "00112233445566778899aabbccddeeff";
    private static final String STREAM = "mains.current";
    private static final int RESTARTS = 10;
    private static final int WAKES = 10;

    @TempDir
    Path dir;

    @Test
    void ten_restarts_and_ten_wakes_cost_one_full_handshake_and_a_forgotten_session_one_more() throws Exception {
        int port = RigHeadEnd.freeUdpPort();
        Path headEndState = dir.resolve("head-end-dtls.bin");
        RigHeadEnd rig = new RigHeadEnd(headEndOptions(port).withDtlsState(headEndState));
        try (UdpRelay relay = new UdpRelay(new InetSocketAddress("127.0.0.1", port))) {
            Files.createDirectories(dir.resolve("node"));
            Files.writeString(dir.resolve("node/psk.key"), KEY + "\n");
            Files.setPosixFilePermissions(dir.resolve("node/psk.key"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            SecureNode node = SecureNode.write(dir.resolve("node"), EP, URI.create("coaps://127.0.0.1:" + relay.port()),
                    """
                        mode: psk
                        identity: %s
                        key-file: psk.key
                    """.formatted(EP), 60);

            Window first = runOnce(node, rig, relay);
            assertThat(first.up.handshakeMessages(UdpRelay.CLIENT_KEY_EXCHANGE)).as("first start: full handshake")
                    .isEqualTo(1);
            Counts afterFirst = relay.upstream();
            Counts afterFirstDown = relay.downstream();

            Window resumed = null;
            for (int i = 0; i < RESTARTS; i++) {
                Window w = runOnce(node, rig, relay);
                resumed = resumed == null ? w : resumed;
                assertThat(w.up.records(22) + w.down.records(22)).as("handshake records at restart %d", i + 1).isZero();
            }
            NodeProcess running = node.start();
            RigHeadEnd original = rig;
            try {
                int before = original.readings(EP, STREAM).size();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> original.readings(EP, STREAM).size() >= before + WAKES);
                Counts up = relay.upstream().minus(afterFirst);
                Counts down = relay.downstream().minus(afterFirstDown);
                assertThat(up.records(22) + down.records(22)).as("handshake records over %d restarts and %d wakes",
                        RESTARTS + 1, WAKES).isZero();
                assertThat(relay.upstream().handshakeMessages(UdpRelay.CLIENT_KEY_EXCHANGE)).isEqualTo(1);
                assertThat(node.count("restored 1 DTLS session")).isEqualTo(RESTARTS + 1);

                System.out.printf("handshakes: %d node starts + %d wakes: %d full handshake(s), %d handshake records"
                                + " after the first%n", RESTARTS + 2, WAKES,
                        relay.upstream().handshakeMessages(UdpRelay.CLIENT_KEY_EXCHANGE), up.records(22) + down.records(22));
                print("first connection (full PSK handshake + Register + first Send)", first);
                print("resumed restart (restored session: Register + first Send, no handshake)", resumed);

                // The head-end restarts with its saved sessions: the node goes on without any handshake.
                rig.close();
                rig = new RigHeadEnd(headEndOptions(port).withDtlsState(headEndState));
                RigHeadEnd withState = rig;
                int kept = withState.readings(EP, STREAM).size();
                await().atMost(Duration.ofSeconds(60)).until(() -> withState.readings(EP, STREAM).size() >= kept + 3);
                assertThat(relay.upstream().handshakeMessages(UdpRelay.CLIENT_KEY_EXCHANGE))
                        .as("head-end restarted with its DTLS state").isEqualTo(1);

                // The head-end restarts without them: the node's session is forgotten, one full handshake.
                rig.close();
                Files.deleteIfExists(headEndState);
                rig = new RigHeadEnd(headEndOptions(port));
                RigHeadEnd forgot = rig;
                Counts beforeLoss = relay.upstream();
                int kept2 = forgot.readings(EP, STREAM).size();
                await().atMost(Duration.ofSeconds(90)).until(() -> forgot.readings(EP, STREAM).size() >= kept2 + 3);
                Counts loss = relay.upstream().minus(beforeLoss);
                assertThat(loss.handshakeMessages(UdpRelay.CLIENT_KEY_EXCHANGE))
                        .as("head-end restarted without its DTLS state: exactly one more full handshake").isEqualTo(1);
                assertThat(relay.upstream().handshakeMessages(UdpRelay.CLIENT_KEY_EXCHANGE)).isEqualTo(2);
                System.out.printf("handshakes: head-end restart with saved state: 0 more; without: %d more full"
                        + " handshake (%d ClientHello)%n", loss.handshakeMessages(UdpRelay.CLIENT_KEY_EXCHANGE),
                        loss.handshakeMessages(UdpRelay.CLIENT_HELLO));
                running.stop(Duration.ofSeconds(20));
                assertThat(node.output).as("the PSK in any node line").noneMatch(l -> l.toLowerCase().contains(KEY));
            } finally {
                running.close();
            }
        } finally {
            rig.close();
        }
    }

    private HeadEndOptions headEndOptions(int port) {
        return HeadEndOptions.psk(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                dir.resolve("head-end.db"), List.of(new PskEntry(EP, EP, HexFormat.of().parseHex(KEY))));
    }

    /** What crossed the relay from a node start until its first new reading was stored. */
    record Window(Counts up, Counts down) {
    }

    private static Window runOnce(SecureNode node, RigHeadEnd rig, UdpRelay relay) throws Exception {
        Counts up0 = relay.upstream();
        Counts down0 = relay.downstream();
        int before = rig.readings(EP, STREAM).size();
        try (NodeProcess p = node.start()) {
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> rig.readings(EP, STREAM).size() > before);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                System.out.println("no new reading: node process " + p.pid() + " alive " + p.isAlive() + ", "
                        + node.output.size() + " output lines so far");
                throw e;
            }
            Window w = new Window(relay.upstream().minus(up0), relay.downstream().minus(down0));
            assertThat(p.stop(Duration.ofSeconds(20))).as("clean stop (SIGTERM)").isIn(0, 143);
            return w;
        }
    }

    private static void print(String what, Window w) {
        System.out.printf("wire: %s: up %d datagrams / %d B, down %d / %d B (UDP payload; %d B with IPv4+UDP"
                        + " headers); handshake records up %d, down %d%n", what, w.up.datagrams(), w.up.bytes(),
                w.down.datagrams(), w.down.bytes(), w.up.ipBytes() + w.down.ipBytes(), w.up.records(22),
                w.down.records(22));
    }
}
