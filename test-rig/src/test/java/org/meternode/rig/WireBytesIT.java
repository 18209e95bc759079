package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.node.MeterNode;
import org.meternode.rig.net.UdpRelay;
import org.meternode.rig.net.UdpRelay.Counts;
import org.meternode.tools.headend.PskEntry;

/**
 * What one node costs on the wire, counted by a UDP relay between node and head-end: the first
 * connection (DTLS handshake + Register) and each Send of one reading. Asserts the shape (a Send
 * is one datagram each way and never a new handshake) and prints the byte figures.
 */
class WireBytesIT {
    private static final String EP = "meter-wire";
    private static final String KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    @TempDir
    Path dir;

    @Test
    void a_send_of_one_reading_is_one_datagram_each_way_without_a_handshake() throws Exception {
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0,
                new PskEntry(EP, EP, HexFormat.of().parseHex(KEY)));
                UdpRelay relay = new UdpRelay(new InetSocketAddress(rig.headEnd.uri().getHost(),
                        rig.headEnd.uri().getPort()))) {
            Path config = dir.resolve("meternode.yaml");
            Files.writeString(config, """
                    node: { endpoint: %s }
                    board: sim
                    board-options:
                      speed: 600
                      meters: { A0: { type: ct-clamp } }
                    sampling: { interval: 1m }
                    channels:
                      - { id: mains, type: ct-clamp, input: A0, ratio: "100A:50mA", burden-ohm: 22 }
                    server:
                      uri: %s
                      security: { mode: psk, identity: %s, key-hex: %s }
                    uplink: { batch-size: 1 }
                    storage: { path: state }
                    """.formatted(EP, URI.create("coaps://127.0.0.1:" + relay.port()), EP, KEY));
            MeterNode node = MeterNode.open(ConfigLoader.load(config).config());
            Thread loop = Thread.ofPlatform().name("node-under-test").start(() -> {
                try (node) {
                    node.run();
                } catch (InterruptedException ignored) {
                    // stopped by the test
                }
            });
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> rig.readings(EP, "mains.current").size() >= 2);
                Counts up0 = relay.upstream();
                Counts down0 = relay.downstream();
                long stored0 = rig.readings(EP, "mains.current").size();
                await().atMost(Duration.ofSeconds(30)).until(() -> rig.readings(EP, "mains.current").size() >= stored0 + 10);
                loop.interrupt();
                loop.join(20_000);
                Counts up = relay.upstream().minus(up0);
                Counts down = relay.downstream().minus(down0);
                long sends = rig.readings(EP, "mains.current").size() - stored0;

                assertThat(up.records(22) + down.records(22)).as("handshake records after registration").isZero();
                assertThat(up.datagrams()).as("one datagram per Send").isBetween(sends, sends + 1);
                Counts firstUp = up0;
                Counts firstDown = down0;
                System.out.printf("wire: first connection (DTLS PSK handshake + Register + first Sends): up %d datagrams"
                                + " / %d B, down %d / %d B (payload; IPv4 %d B total); handshake records up %d, down %d%n",
                        firstUp.datagrams(), firstUp.bytes(), firstDown.datagrams(), firstDown.bytes(),
                        firstUp.ipBytes() + firstDown.ipBytes(), firstUp.records(22), firstDown.records(22));
                double sendBytes = (double) up.bytes() / up.datagrams();
                double ackBytes = (double) down.bytes() / down.datagrams();
                System.out.printf("wire: one-reading Send: %.1f B up + %.1f B ACK down (UDP payload), %.1f B per Send"
                        + " with IPv4+UDP headers (averaged over %d Sends)%n", sendBytes, ackBytes,
                        sendBytes + ackBytes + 56, sends);
            } finally {
                loop.interrupt();
                loop.join(20_000);
            }
        }
    }
}
