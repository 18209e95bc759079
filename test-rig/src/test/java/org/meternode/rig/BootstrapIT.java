package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.lwm2m.security.BootstrapAccount;
import org.meternode.tools.headend.PskEntry;
import org.meternode.tools.launch.NodeProcess;

/**
 * LwM2M bootstrap: the node knows only the head-end's bootstrap server and its PSK for it; the
 * bootstrap server writes the management server's Security and Server instances with a fresh PSK
 * account; the node registers there and sends. It keeps the account (0600) and registers directly
 * at the next start, without bootstrapping again.
 */
class BootstrapIT {
    private static final String EP = "meter-boot";
    private static final String KEY = "b007b007b007b007b007b007b007b007";
    private static final String STREAM = "mains.current";

    @TempDir
    Path dir;

    @Test
    void node_bootstraps_registers_with_the_server_it_was_given_and_keeps_the_account() throws Exception {
        int bsPort = RigHeadEnd.freeUdpPort();
        try (RigHeadEnd rig = new RigHeadEnd(RigHeadEnd.options(dir.resolve("he.db"), 0)
                .withPsks(List.of(new PskEntry(EP, EP, HexFormat.of().parseHex(KEY))))
                .withBootstrap(new InetSocketAddress(InetAddress.getLoopbackAddress(), bsPort)))) {
            Files.createDirectories(dir.resolve("node"));
            Files.writeString(dir.resolve("node/bs.key"), KEY + "\n");
            Files.setPosixFilePermissions(dir.resolve("node/bs.key"), PosixFilePermissions.fromString("rw-------"));
            SecureNode node = SecureNode.write(dir.resolve("node"), EP, rig.headEnd.bootstrapUri(),
                    "    mode: psk\n    identity: " + EP + "\n    key-file: bs.key\n  bootstrap: true\n", 60);
            try (NodeProcess p = node.start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.readings(EP, STREAM).size() >= 2);
                p.stop(Duration.ofSeconds(20));
            }
            assertThat(node.line("bootstrapped by " + rig.headEnd.bootstrapUri())).isNotNull();
            assertThat(node.line("registered with " + rig.headEnd.uri())).isNotNull();
            assertThat(rig.lines).anyMatch(l -> l.contains("bootstrap: issued node " + EP));
            Path account = dir.resolve("node/state/" + BootstrapAccount.FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(account))).isEqualTo("rw-------");

            node.output.clear();
            try (NodeProcess p = node.start()) {
                int before = rig.readings(EP, STREAM).size();
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.readings(EP, STREAM).size() >= before + 2);
                p.stop(Duration.ofSeconds(20));
            }
            assertThat(node.line("using the account an earlier bootstrap gave")).isNotNull();
            assertThat(node.line("bootstrapped by")).as("no second bootstrap").isNull();
            String dmKey = BootstrapAccount.load(dir.resolve("node/state")).toString();
            assertThat(dmKey).contains("key=(hidden)");
            byte[] issued = BootstrapAccount.load(dir.resolve("node/state")).pskKey();
            for (String secret : List.of(KEY, HexFormat.of().formatHex(issued))) {
                assertThat(node.output).noneMatch(l -> l.toLowerCase().contains(secret));
                assertThat(rig.lines).noneMatch(l -> l.toLowerCase().contains(secret));
            }
        }
    }
}
