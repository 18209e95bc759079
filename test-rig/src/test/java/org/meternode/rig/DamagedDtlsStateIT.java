package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.lwm2m.security.NodeSecurity;
import org.meternode.rig.net.UdpRelay;
import org.meternode.rig.net.UdpRelay.Counts;
import org.meternode.tools.headend.HeadEndOptions;
import org.meternode.tools.headend.PskEntry;
import org.meternode.tools.launch.NodeProcess;

/**
 * Issue 19, surface 6: a damaged {@code dtls-session.bin} costs exactly one full handshake. A node
 * child JVM saves its session at a clean stop; the file is then damaged in turn (truncated, one byte
 * of the session flipped, overwritten with random bytes, emptied) and the node started again. Each
 * start must store new readings after exactly one full handshake (a ClientKeyExchange counted on the
 * wire by a relay; at most one for the flipped byte, which may miss everything that matters), leave
 * no reading behind in the outbox, and save a good session again: the start after the last damage
 * costs no handshake at all.
 */
class DamagedDtlsStateIT {
    private static final String EP = "meter-dtls-damage";
    private static final String KEY = "00112233445566778899aabbccddeeff";
    private static final String STREAM = "mains.current";

    @TempDir
    Path dir;

    @Test
    void each_kind_of_damage_to_the_saved_session_costs_one_full_handshake_and_no_reading() throws Exception {
        int port = RigHeadEnd.freeUdpPort();
        Random random = new Random(0x19_06L);
        Map<String, UnaryOperator<byte[]>> damages = new LinkedHashMap<>();
        damages.put("truncated to half", b -> Arrays.copyOf(b, b.length / 2));
        damages.put("one byte of the session flipped", b -> {
            byte[] c = b.clone();
            int at = c.length - 1 - random.nextInt(Math.max(1, c.length / 2));
            c[at] ^= (byte) 0x5a;
            return c;
        });
        damages.put("every 16th byte of the session flipped", b -> {
            byte[] c = b.clone();
            for (int at = indexOf(c, (byte) '\n') + 1; at < c.length; at += 16) {
                c[at] ^= (byte) 0xff;
            }
            return c;
        });
        damages.put("random bytes", b -> {
            byte[] c = new byte[b.length];
            random.nextBytes(c);
            return c;
        });
        damages.put("empty", b -> new byte[0]);

        try (RigHeadEnd rig = new RigHeadEnd(HeadEndOptions.psk(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), dir.resolve("head-end.db"),
                List.of(new PskEntry(EP, EP, HexFormat.of().parseHex(KEY)))));
                UdpRelay relay = new UdpRelay(new InetSocketAddress("127.0.0.1", port))) {
            Path nodeDir = dir.resolve("node");
            Files.createDirectories(nodeDir);
            Files.writeString(nodeDir.resolve("psk.key"), KEY + "\n");
            Files.setPosixFilePermissions(nodeDir.resolve("psk.key"), PosixFilePermissions.fromString("rw-------"));
            SecureNode node = SecureNode.write(nodeDir, EP, URI.create("coaps://127.0.0.1:" + relay.port()), """
                        mode: psk
                        identity: %s
                        key-file: psk.key
                    """.formatted(EP), 60);
            Path session = nodeDir.resolve("state").resolve(NodeSecurity.SESSION_FILE);

            assertThat(fullHandshakes(node, rig, relay)).as("first start").isEqualTo(1);
            assertThat(session).exists();
            for (Map.Entry<String, UnaryOperator<byte[]>> damage : damages.entrySet()) {
                byte[] good = Files.readAllBytes(session);
                Files.write(session, damage.getValue().apply(good));
                long handshakes = fullHandshakes(node, rig, relay);
                System.out.printf("damaged dtls-session.bin (%s, %d B): %d full handshake(s), %d reading(s) pending%n",
                        damage.getKey(), good.length, handshakes, node.pendingInOutbox());
                if (damage.getKey().startsWith("one byte")) {
                    // A byte outside the keys and ids (a timestamp, a counter) may leave the session usable.
                    assertThat(handshakes).as("start with dtls-session.bin %s", damage.getKey()).isBetween(0L, 1L);
                } else {
                    assertThat(handshakes).as("start with dtls-session.bin %s", damage.getKey()).isEqualTo(1);
                }
                assertThat(node.pendingInOutbox()).as("readings left in the outbox").isZero();
                assertThat(session).as("a good session saved again").exists();
            }
            assertThat(fullHandshakes(node, rig, relay)).as("start after the damaged ones").isZero();
            node.output.forEach(l -> { if (l.contains("not used")) System.out.println("damaged dtls-session.bin: node said: " + l); });
            assertThat(node.output).noneMatch(l -> l.contains("Exception in thread"));
        }
    }

    private static int indexOf(byte[] b, byte value) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Starts the node, waits for two new readings at the head-end, stops it cleanly: full handshakes seen. */
    private static long fullHandshakes(SecureNode node, RigHeadEnd rig, UdpRelay relay) throws Exception {
        Counts before = relay.upstream();
        int stored = rig.readings(EP, STREAM).size();
        try (NodeProcess p = node.start()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> rig.readings(EP, STREAM).size() >= stored + 2);
            assertThat(p.stop(Duration.ofSeconds(20))).as("clean stop (SIGTERM)").isIn(0, 143);
        }
        return relay.upstream().minus(before).handshakeMessages(UdpRelay.CLIENT_KEY_EXCHANGE);
    }
}
