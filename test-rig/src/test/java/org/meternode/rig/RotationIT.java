package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.leshan.core.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.lwm2m.security.NodeSecurity;
import org.meternode.tools.headend.HeadEndIdentity;
import org.meternode.tools.headend.HeadEndOptions;
import org.meternode.tools.headend.RpkEntry;
import org.meternode.tools.launch.NodeProcess;
import org.meternode.tools.provision.NodeKeys;

/**
 * Head-end key rotation announced through the Security object: the head-end writes its next public
 * key to the node's /0/0/4, then switches to it (restart with the new key, sessions gone); the
 * node, which still pins the old key in its config, reconnects to the new key, keeps reporting,
 * and after a restart of its own still trusts the new key (kept in its storage directory) and no
 * longer the old one.
 */
class RotationIT {
    private static final String EP = "meter-rotate";
    private static final String STREAM = "mains.current";

    @TempDir
    Path dir;

    @Test
    void node_follows_a_head_end_key_rotation_announced_through_the_security_object() throws Exception {
        int port = RigHeadEnd.freeUdpPort();
        HeadEndIdentity oldKey = Pki.headEnd(null);
        HeadEndIdentity newKey = Pki.headEnd(null);
        NodeKeys.Written keys = Pki.nodeKeys(dir.resolve("node"), EP);
        Pki.writePublicKey(dir.resolve("node/server.pub"), oldKey);
        List<RpkEntry> nodes = List.of(RpkEntry.parse(keys.rpkLine()));
        SecureNode node;
        RigHeadEnd rig = new RigHeadEnd(options(port, oldKey, nodes));
        try {
            node = SecureNode.write(dir.resolve("node"), EP, rig.headEnd.uri(),
                    "    mode: rpk\n    private-key-file: node.key\n    server-public-key-file: server.pub\n", 60);
            try (NodeProcess p = node.start()) {
                RigHeadEnd before = rig;
                await().atMost(Duration.ofSeconds(60)).until(() -> before.readings(EP, STREAM).size() >= 2);

                ResponseCode answer = rig.headEnd.announceTrustAnchor(EP, newKey.trustAnchor(), Duration.ofSeconds(10));
                assertThat(answer).isEqualTo(ResponseCode.CHANGED);
                await().atMost(Duration.ofSeconds(10)).until(() -> node.said("server announced its next trust anchor"));
                assertThat(dir.resolve("node/state/" + NodeSecurity.ANNOUNCED_TRUST_FILE)).exists();

                rig.close();
                rig = new RigHeadEnd(options(port, newKey, nodes));
                RigHeadEnd after = rig;
                int kept = after.readings(EP, STREAM).size();
                await().atMost(Duration.ofSeconds(90)).until(() -> after.readings(EP, STREAM).size() >= kept + 2);
                assertThat(node.line("server trust anchor rotated")).isNotNull();
                p.stop(Duration.ofSeconds(20));
            }
            assertThat(Files.readString(dir.resolve("node/state/" + NodeSecurity.ROTATED_TRUST_FILE)))
                    .contains(newKey.trustAnchor().pem());
            assertThat(dir.resolve("node/state/" + NodeSecurity.ANNOUNCED_TRUST_FILE)).doesNotExist();

            // A restart of the node: it still trusts the new key (its config still names the old one).
            node.output.clear();
            try (NodeProcess p = node.start()) {
                RigHeadEnd now = rig;
                int kept = now.readings(EP, STREAM).size();
                await().atMost(Duration.ofSeconds(60)).until(() -> now.readings(EP, STREAM).size() >= kept + 2);
                assertThat(node.line("using the server trust anchor rotated by the server")).isNotNull();
                p.stop(Duration.ofSeconds(20));
            }
            assertThat(rig.headEnd.securityEvents(EP)).anyMatch(e -> e.kind().equals("credential-changed")
                    && e.detail().contains("rotated"));
        } finally {
            rig.close();
        }

        // The old key is no longer trusted.
        node.output.clear();
        Files.deleteIfExists(dir.resolve("node/state/dtls-session.bin"));
        try (RigHeadEnd old = new RigHeadEnd(options(port, oldKey, nodes));
                NodeProcess p = node.start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> node.said("is not the pinned key"));
            assertThat(old.headEnd.isRegistered(EP)).isFalse();
            p.stop(Duration.ofSeconds(20));
        }
    }

    private HeadEndOptions options(int port, HeadEndIdentity id, List<RpkEntry> nodes) {
        return RigHeadEnd.options(dir.resolve("he.db"), port).withIdentity(id).withRpks(nodes);
    }
}
