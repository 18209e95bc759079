package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.security.EcKeys;
import org.meternode.app.security.Pem;
import org.meternode.rig.net.UdpRelay;
import org.meternode.rig.net.UdpRelay.Counts;
import org.meternode.tools.headend.HeadEndIdentity;
import org.meternode.tools.headend.RpkEntry;
import org.meternode.tools.launch.NodeProcess;
import org.meternode.tools.provision.NodeKeys;

/**
 * Raw public keys, ECDSA P-256, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, between a node child JVM and
 * the embedded head-end: the right keys register and send; a node key the head-end does not list,
 * and a head-end presenting another key than the one the node pins, are both refused at the
 * handshake, said clearly, and the readings stay in the outbox.
 */
class RpkIT {
    private static final String RPK_SECURITY = """
                mode: rpk
                private-key-file: node.key
                server-public-key-file: server.pub
            """;

    @TempDir
    Path dir;

    @Test
    void rpk_node_registers_and_sends_over_the_ccm8_suite() throws Exception {
        HeadEndIdentity headEndId = Pki.headEnd(null);
        NodeKeys.Written keys = Pki.nodeKeys(dir.resolve("node"), "meter-rpk");
        try (RigHeadEnd rig = new RigHeadEnd(RigHeadEnd.options(dir.resolve("he.db"), 0).withIdentity(headEndId)
                .withRpks(List.of(RpkEntry.parse(keys.rpkLine()))));
                UdpRelay relay = new UdpRelay(new InetSocketAddress("127.0.0.1", rig.port()))) {
            Pki.writePublicKey(dir.resolve("node/server.pub"), headEndId);
            SecureNode node = SecureNode.write(dir.resolve("node"), "meter-rpk",
                    URI.create("coaps://127.0.0.1:" + relay.port()), RPK_SECURITY, 600);
            try (NodeProcess p = node.start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> !rig.readings("meter-rpk", "mains.current").isEmpty());
                System.out.printf("rpk: first connection (full handshake + Register + first Send): up %d datagrams / %d B,"
                        + " down %d / %d B (UDP payload; %d B with IPv4+UDP headers)%n", relay.upstream().datagrams(),
                        relay.upstream().bytes(), relay.downstream().datagrams(), relay.downstream().bytes(),
                        relay.upstream().ipBytes() + relay.downstream().ipBytes());
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.readings("meter-rpk", "mains.current").size() >= 3);
                p.stop(Duration.ofSeconds(20));
            }
            assertThat(node.line("DTLS full handshake", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8")).isNotNull();
            assertThat(rig.lines).anyMatch(l -> l.contains("node meter-rpk registered"));
            Counts up = relay.upstream();
            Counts down = relay.downstream();
            assertThat(up.handshakeMessages(UdpRelay.CLIENT_KEY_EXCHANGE)).isEqualTo(1);
            System.out.printf("rpk: whole run %d datagrams / %d B up, %d / %d B down (UDP payload)%n",
                    up.datagrams(), up.bytes(), down.datagrams(), down.bytes());
            assertNoKeyPrinted(node);
        }
    }

    @Test
    void node_key_not_listed_at_the_head_end_is_refused_and_readings_stay() throws Exception {
        HeadEndIdentity headEndId = Pki.headEnd(null);
        Pki.nodeKeys(dir.resolve("node"), "meter-rpk");
        RpkEntry someoneElse = new RpkEntry("meter-rpk", EcKeys.generate().getPublic());
        try (RigHeadEnd rig = new RigHeadEnd(RigHeadEnd.options(dir.resolve("he.db"), 0).withIdentity(headEndId)
                .withRpks(List.of(someoneElse)))) {
            Pki.writePublicKey(dir.resolve("node/server.pub"), headEndId);
            SecureNode node = SecureNode.write(dir.resolve("node"), "meter-rpk", rig.headEnd.uri(), RPK_SECURITY, 600);
            try (NodeProcess p = node.start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> node.said("ERROR", "registration"));
                await().atMost(Duration.ofSeconds(30)).until(() -> node.pendingInOutbox() >= 3);
                p.stop(Duration.ofSeconds(20));
            }
            String refusal = node.line("ERROR", "registration");
            System.out.println("rpk, unlisted node key, node said: " + refusal);
            assertThat(refusal).contains(rig.headEnd.uri().toString()).contains("DTLS handshake failed");
            assertThat(rig.headEnd.handshakes().lastFailure()).contains("is not listed");
            assertThat(rig.headEnd.isRegistered("meter-rpk")).isFalse();
            assertThat(rig.headEnd.store().count("meter-rpk")).isZero();
            assertThat(node.pendingInOutbox()).isGreaterThanOrEqualTo(3);
            assertNoKeyPrinted(node);
        }
    }

    @Test
    void head_end_presenting_another_key_than_the_pinned_one_is_refused_by_the_node() throws Exception {
        HeadEndIdentity headEndId = Pki.headEnd(null);
        HeadEndIdentity impostor = Pki.headEnd(null);
        NodeKeys.Written keys = Pki.nodeKeys(dir.resolve("node"), "meter-rpk");
        try (RigHeadEnd rig = new RigHeadEnd(RigHeadEnd.options(dir.resolve("he.db"), 0).withIdentity(impostor)
                .withRpks(List.of(RpkEntry.parse(keys.rpkLine()))))) {
            Pki.writePublicKey(dir.resolve("node/server.pub"), headEndId);
            SecureNode node = SecureNode.write(dir.resolve("node"), "meter-rpk", rig.headEnd.uri(), RPK_SECURITY, 600);
            try (NodeProcess p = node.start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> node.said("ERROR", "registration"));
                await().atMost(Duration.ofSeconds(30)).until(() -> node.pendingInOutbox() >= 3);
                p.stop(Duration.ofSeconds(20));
            }
            String handshake = node.line("DTLS handshake with server", "failed");
            System.out.println("rpk, impostor head-end, node said: " + handshake);
            assertThat(handshake).contains("is not the pinned key");
            assertThat(node.line("ERROR", "registration")).contains("is not the pinned key");
            assertThat(rig.headEnd.isRegistered("meter-rpk")).isFalse();
            assertThat(node.pendingInOutbox()).isGreaterThanOrEqualTo(3);
        }
    }

    private void assertNoKeyPrinted(SecureNode node) throws Exception {
        String pem = Files.readString(dir.resolve("node/node.key"));
        String b64 = Base64.getEncoder().encodeToString(Pem.all(pem, Pem.PRIVATE_KEY).get(0));
        assertThat(node.output).noneMatch(l -> l.contains(b64.substring(30, 70)) || l.contains("PRIVATE KEY"));
    }
}
