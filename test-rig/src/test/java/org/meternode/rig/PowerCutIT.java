package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.testkit.OutputLog;
import org.meternode.app.outbox.Outbox;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.launch.NodeProcess;
import org.meternode.tools.launch.SimNodeSetup;

/**
 * Power cuts: a real node JVM is killed with SIGKILL at random moments, 20 times, and restarted on
 * the same state directory. Afterwards the head-end holds every interval of the cumulative streams
 * once, with totals that never go backwards.
 */
class PowerCutIT {
    private static final String EP = "meter-cut";
    private static final int CUTS = 20;

    @TempDir
    Path dir;

    @Test
    void sigkill_at_random_moments_loses_nothing_and_never_goes_backwards() throws Exception {
        Random random = new Random(20261127L);
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0)) {
            SimNodeSetup.Written w = SimNodeSetup.write(dir.resolve("node"), EP, rig.headEnd.uri(), "1m", 120, 3);
            rig.headEnd.addPsk(w.psk());
            OutputLog output = new OutputLog("node output", null);
            long rssMaxKib = 0;
            for (int run = 0; run < CUTS; run++) {
                NodeProcess node = NodeProcess.start(w.config(), List.of(), output::add);
                Thread.sleep(1_000 + random.nextInt(3_000));
                rssMaxKib = Math.max(rssMaxKib, node.rssKib());
                node.kill();
            }
            int before = rig.readings(EP, "grid.energy").size();
            try (NodeProcess last = NodeProcess.start(w.config(), List.of(), output::add)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.readings(EP, "grid.energy").size() > before + 2);
                last.stop(Duration.ofSeconds(20));
            }
            try (Outbox outbox = Outbox.open(dir.resolve("node/state/outbox.db"))) {
                assertThat(outbox.pendingCount()).as("nothing left undelivered after the clean stop").isZero();
            }
            assertThat(output).noneMatch(l -> l.contains("Exception") && !l.contains("InterruptedException"));

            for (String stream : List.of("grid.energy", "water.volume")) {
                List<ReceivedReading> rs = rig.readings(EP, stream);
                assertThat(rs).as(stream).hasSizeGreaterThan(CUTS);
                for (int i = 1; i < rs.size(); i++) {
                    assertThat(Duration.between(rs.get(i - 1).at(), rs.get(i).at())).as("%s: no gap at %s", stream,
                            rs.get(i).at()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(rs.get(i).value()).as("%s never goes backwards at %s", stream, rs.get(i).at())
                            .isGreaterThanOrEqualTo(rs.get(i - 1).value());
                }
            }
            assertThat(rig.headEnd.store().conflicts(EP)).as("no interval reported twice with different values")
                    .isZero();
            List<ReceivedReading> energy = rig.readings(EP, "grid.energy");
            long interpolated = energy.stream().filter(r -> r.quality().equals("INTERPOLATED")).count();
            System.out.printf("power cuts: %d SIGKILLs, %d intervals of grid.energy (%d interpolated across outages),"
                            + " %d resends absorbed by dedup, 0 gaps, 0 conflicts, node RSS max %d MiB%n",
                    CUTS, energy.size(), interpolated, rig.headEnd.store().duplicates(EP), rssMaxKib / 1024);
        }
    }
}
