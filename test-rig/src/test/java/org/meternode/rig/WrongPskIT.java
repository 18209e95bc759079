package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.testkit.OutputLog;
import org.meternode.app.outbox.Outbox;
import org.meternode.tools.headend.PskEntry;
import org.meternode.tools.launch.NodeProcess;
import org.meternode.tools.launch.SimNodeSetup;

/** A node whose PSK the head-end does not know: refused, said clearly, readings kept. */
class WrongPskIT {
    private static final String EP = "meter-wrong-key";

    @TempDir
    Path dir;

    @Test
    void wrong_psk_is_refused_with_a_clear_log_line_and_readings_stay_in_the_outbox() throws Exception {
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0)) {
            SimNodeSetup.Written w = SimNodeSetup.write(dir.resolve("node"), EP, rig.headEnd.uri(), "1m", 600, 5);
            rig.headEnd.addPsk(new PskEntry(EP, EP, HexFormat.of().parseHex("00112233445566778899aabbccddeeff")));
            OutputLog output = new OutputLog("node output", null);
            try (NodeProcess node = NodeProcess.start(w.config(), List.of(), output::add)) {
                output.awaitLine(Duration.ofSeconds(60), "ERROR", "registration");
                output.awaitLines(3, Duration.ofSeconds(30), "interval ");
                node.stop(Duration.ofSeconds(20));
            }
            String refusal = output.stream().filter(l -> l.contains("ERROR") && l.contains("registration"))
                    .findFirst().orElseThrow();
            System.out.println("wrong PSK, node said: " + refusal);
            assertThat(refusal).contains(rig.headEnd.uri().toString());
            assertThat(output).noneMatch(l -> l.contains(HexFormat.of().formatHex(w.psk().key())));
            assertThat(rig.headEnd.isRegistered(EP)).isFalse();
            assertThat(rig.headEnd.store().count(EP)).isZero();
            try (Outbox outbox = Outbox.open(dir.resolve("node/state/outbox.db"))) {
                assertThat(outbox.pendingCount()).as("readings kept for later").isGreaterThanOrEqualTo(3);
            }
        }
    }
}
