package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.rig.net.UdpRelay;
import org.meternode.tools.headend.HeadEndIdentity;
import org.meternode.tools.launch.NodeProcess;
import org.meternode.tools.provision.CertificateAuthority;

/**
 * X.509 with ECDSA P-256 and TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8: the head-end accepts any node
 * whose certificate its node CA signed (CN = endpoint); the node accepts a head-end whose
 * certificate chains to its CA and names "localhost". Refused, said clearly, readings kept: a node
 * certificate of an unknown CA, an expired node certificate, a head-end certificate of an unknown
 * CA, and one for another name.
 */
class X509IT {
    private static final String EP = "meter-x509";

    @TempDir
    Path dir;

    private String security(String serverName) {
        return """
                    mode: x509
                    private-key-file: node.key
                    certificate-file: node.crt
                    ca-file: ca.crt
                    server-name: %s
                """.formatted(serverName);
    }

    @Test
    void ca_signed_node_registers_and_sends() throws Exception {
        CertificateAuthority ca = Pki.ca(dir.resolve("ca"), "Test CA");
        HeadEndIdentity headEndId = Pki.headEnd(ca);
        Path nodeDir = provisionNode(ca, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
        try (RigHeadEnd rig = new RigHeadEnd(RigHeadEnd.options(dir.resolve("he.db"), 0).withIdentity(headEndId)
                .withNodeCas(List.of(ca.certificate())));
                UdpRelay relay = new UdpRelay(new InetSocketAddress("127.0.0.1", rig.port()))) {
            Pki.writeCertificate(nodeDir.resolve("ca.crt"), ca.certificate());
            SecureNode node = SecureNode.write(nodeDir, EP, URI.create("coaps://127.0.0.1:" + relay.port()),
                    security("localhost"), 600);
            try (NodeProcess p = node.start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> !rig.readings(EP, "mains.current").isEmpty());
                System.out.printf("x509: first connection (full handshake + Register + first Send): up %d datagrams / %d B,"
                        + " down %d / %d B (UDP payload; %d B with IPv4+UDP headers)%n", relay.upstream().datagrams(),
                        relay.upstream().bytes(), relay.downstream().datagrams(), relay.downstream().bytes(),
                        relay.upstream().ipBytes() + relay.downstream().ipBytes());
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.readings(EP, "mains.current").size() >= 3);
                p.stop(Duration.ofSeconds(20));
            }
            assertThat(node.line("DTLS full handshake", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8")).isNotNull();
            assertThat(rig.lines).anyMatch(l -> l.contains("node " + EP + " registered"));
            assertThat(relay.upstream().handshakeMessages(UdpRelay.CLIENT_KEY_EXCHANGE)).isEqualTo(1);
            System.out.printf("x509: whole run %d datagrams / %d B up, %d / %d B down (UDP payload)%n",
                    relay.upstream().datagrams(), relay.upstream().bytes(), relay.downstream().datagrams(),
                    relay.downstream().bytes());
        }
    }

    @Test
    void node_certificate_of_an_unknown_ca_is_refused_by_the_head_end() throws Exception {
        CertificateAuthority ca = Pki.ca(dir.resolve("ca"), "Test CA");
        CertificateAuthority rogue = Pki.ca(dir.resolve("rogue"), "Rogue CA");
        Path nodeDir = provisionNode(rogue, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
        String refusal = refusedRun(ca, Pki.headEnd(ca), nodeDir, "localhost", ca);
        assertThat(refusal).contains("DTLS handshake failed");
        assertThat(lastHeadEndFailure).contains("CN=" + EP).contains("is not signed by a trusted node CA");
    }

    @Test
    void expired_node_certificate_is_refused_by_the_head_end() throws Exception {
        CertificateAuthority ca = Pki.ca(dir.resolve("ca"), "Test CA");
        Instant past = Instant.now().minus(Duration.ofDays(10));
        Path nodeDir = provisionNode(ca, past, past.plus(Duration.ofDays(1)));
        String refusal = refusedRun(ca, Pki.headEnd(ca), nodeDir, "localhost", ca);
        assertThat(refusal).contains("DTLS handshake failed").contains("CERTIFICATE_EXPIRED");
        assertThat(lastHeadEndFailure).contains("has expired");
    }

    @Test
    void head_end_certificate_of_an_unknown_ca_is_refused_by_the_node() throws Exception {
        CertificateAuthority ca = Pki.ca(dir.resolve("ca"), "Test CA");
        CertificateAuthority rogue = Pki.ca(dir.resolve("rogue"), "Rogue CA");
        Path nodeDir = provisionNode(ca, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
        String refusal = refusedRun(ca, Pki.headEnd(rogue), nodeDir, "localhost", ca);
        assertThat(refusal).contains("does not chain to a trusted CA (ca-file)");
    }

    @Test
    void head_end_certificate_for_another_name_is_refused_by_the_node() throws Exception {
        CertificateAuthority ca = Pki.ca(dir.resolve("ca"), "Test CA");
        Path nodeDir = provisionNode(ca, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
        String refusal = refusedRun(ca, Pki.headEnd(ca), nodeDir, "head-end.example", ca);
        assertThat(refusal).contains("is not for 'head-end.example' (server-name)");
    }

    private String lastHeadEndFailure;

    /** Runs the node against a head-end it must not get through to; returns the node's refusal line. */
    private String refusedRun(CertificateAuthority nodeTrusts, HeadEndIdentity headEndId, Path nodeDir,
            String serverName, CertificateAuthority headEndTrusts) throws Exception {
        try (RigHeadEnd rig = new RigHeadEnd(RigHeadEnd.options(dir.resolve("he.db"), 0).withIdentity(headEndId)
                .withNodeCas(List.of(headEndTrusts.certificate())))) {
            Pki.writeCertificate(nodeDir.resolve("ca.crt"), nodeTrusts.certificate());
            SecureNode node = SecureNode.write(nodeDir, EP, rig.headEnd.uri(), security(serverName), 600);
            try (NodeProcess p = node.start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> node.said("ERROR", "registration"));
                await().atMost(Duration.ofSeconds(30)).until(() -> node.pendingInOutbox() >= 3);
                p.stop(Duration.ofSeconds(20));
            }
            String refusal = node.line("ERROR", "registration");
            System.out.println("x509 refused, node said: " + refusal);
            lastHeadEndFailure = rig.headEnd.handshakes().lastFailure();
            System.out.println("x509 refused, head-end said: " + lastHeadEndFailure);
            assertThat(refusal).contains(rig.headEnd.uri().toString());
            assertThat(rig.headEnd.isRegistered(EP)).isFalse();
            assertThat(rig.headEnd.store().count(EP)).isZero();
            assertThat(node.pendingInOutbox()).isGreaterThanOrEqualTo(3);
            return refusal;
        }
    }

    private Path provisionNode(CertificateAuthority ca, Instant from, Instant to) throws Exception {
        Path nodeDir = dir.resolve("node");
        Pki.nodeKeys(nodeDir, EP);
        Pki.nodeCert(ca, nodeDir, from, to);
        return nodeDir;
    }
}
