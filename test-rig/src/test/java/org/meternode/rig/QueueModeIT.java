package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.testkit.OutputLog;
import org.meternode.tools.launch.NodeProcess;
import org.meternode.tools.launch.SimNodeSetup;

/**
 * A node with {@code queue-mode: true} (the packaged config's setting) registers as an LwM2M 1.1
 * queue-mode client, which carries the mode in the registration's Q parameter: a binding of "UQ"
 * (LwM2M 1.0's way) is refused by a 1.1 server, and the node then never delivered a reading.
 */
class QueueModeIT {
    private static final String EP = "meter-queue-mode";

    @TempDir
    Path dir;

    @Test
    void a_queue_mode_node_registers_as_one_and_delivers() throws Exception {
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0)) {
            SimNodeSetup.Written w = SimNodeSetup.write(dir.resolve("node"), EP, rig.headEnd.uri(), "1m", 600, 3);
            Files.writeString(w.config(), Files.readString(w.config()).replace("  lifetime: 5m\n",
                    "  lifetime: 5m\n  queue-mode: true\n"));
            rig.headEnd.addPsk(w.psk());
            OutputLog output = new OutputLog("node output", null);
            try (NodeProcess node = NodeProcess.start(w.config(), List.of(), output::add)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.headEnd.store().count(EP) > 0);
                Registration registration = rig.headEnd.leshan().getRegistrationService().getByEndpoint(EP);
                assertThat(registration).as("registration of " + EP).isNotNull();
                assertThat(registration.getQueueMode()).as("registered in queue mode").isTrue();
                assertThat(registration.getBindingMode()).as("binding").extracting(Object::toString)
                        .asString().doesNotContain("Q");
                node.stop(Duration.ofSeconds(20));
            }
            assertThat(output.said("registration refused")).as("a refused registration").isFalse();
        }
    }
}
