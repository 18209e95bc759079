package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.events.SecurityEvent;
import org.meternode.app.events.SecurityEventLog;
import org.meternode.app.security.Pem;
import org.meternode.tools.headend.HeadEndIdentity;
import org.meternode.tools.headend.NodeSecurityEvent;
import org.meternode.tools.headend.RpkEntry;
import org.meternode.tools.launch.NodeProcess;
import org.meternode.tools.provision.NodeKeys;

/**
 * Security events on the node and at the head-end: a node that meets a head-end presenting the
 * wrong key refuses it and stores a failed handshake and a failed registration in its outbox
 * database; once the real head-end is back the node registers and reports them (object 26250),
 * and the head-end prints and stores them. No key appears in any line of either side.
 */
class SecurityEventsIT {
    private static final String EP = "meter-events";

    @TempDir
    Path dir;

    @Test
    void refusals_are_logged_on_the_node_and_reported_once_it_gets_through() throws Exception {
        int port = RigHeadEnd.freeUdpPort();
        HeadEndIdentity real = Pki.headEnd(null);
        HeadEndIdentity impostor = Pki.headEnd(null);
        NodeKeys.Written keys = Pki.nodeKeys(dir.resolve("node"), EP);
        Pki.writePublicKey(dir.resolve("node/server.pub"), real);
        List<RpkEntry> nodes = List.of(RpkEntry.parse(keys.rpkLine()));
        SecureNode node;
        try (RigHeadEnd fake = new RigHeadEnd(RigHeadEnd.options(dir.resolve("he.db"), port).withIdentity(impostor)
                .withRpks(nodes))) {
            node = SecureNode.write(dir.resolve("node"), EP, fake.headEnd.uri(),
                    "    mode: rpk\n    private-key-file: node.key\n    server-public-key-file: server.pub\n", 600);
            try (NodeProcess p = node.start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> node.said("ERROR", "registration"));
                p.stop(Duration.ofSeconds(20));
            }
        }
        try (SecurityEventLog log = SecurityEventLog.open(dir.resolve("node/state/outbox.db"), Clock.systemUTC(), 5)) {
            assertThat(log.unreported(10)).extracting(SecurityEvent::kind)
                    .contains("handshake-failed", "registration-failed");
        }

        try (RigHeadEnd rig = new RigHeadEnd(RigHeadEnd.options(dir.resolve("he.db"), port).withIdentity(real)
                .withRpks(nodes))) {
            try (NodeProcess p = node.start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.headEnd.securityEvents(EP).size() >= 2);
                p.stop(Duration.ofSeconds(20));
            }
            List<NodeSecurityEvent> events = rig.headEnd.securityEvents(EP);
            events.forEach(e -> System.out.println("head-end has: " + e));
            assertThat(events).extracting(NodeSecurityEvent::kind).contains("handshake-failed", "registration-failed");
            assertThat(events).anyMatch(e -> e.detail().contains("is not the pinned key"));
            assertThat(rig.lines).anyMatch(l -> l.contains("SECURITY") && l.contains("handshake-failed"));
            String key = Base64.getEncoder().encodeToString(
                    Pem.all(Files.readString(dir.resolve("node/node.key")), Pem.PRIVATE_KEY).get(0)).substring(30, 70);
            assertThat(node.output).noneMatch(l -> l.contains(key) || l.contains("PRIVATE KEY"));
            assertThat(rig.lines).noneMatch(l -> l.contains(key));
        }
        try (SecurityEventLog log = SecurityEventLog.open(dir.resolve("node/state/outbox.db"), Clock.systemUTC(), 5)) {
            assertThat(log.unreported(10)).as("all reported").isEmpty();
        }
    }
}
