package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.node.MeterNode;
import org.meternode.board.sim.SimBoard;
import org.meternode.board.sim.TruthRecord;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.launch.SimNodeSetup;

/**
 * End to end in one JVM: sim board (fast virtual clock) -> sampling -> outbox -> LwM2M Send over
 * real DTLS on loopback -> embedded head-end -> SQLite; every value checked against the sim's truth.
 */
class SimNodeIT {
    private static final String EP = "meter-it-1";

    @TempDir
    Path dir;

    @Test
    void head_end_holds_exactly_the_readings_the_sim_produced() throws Exception {
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0)) {
            SimNodeSetup.Written w = SimNodeSetup.write(dir.resolve("node"), EP, rig.headEnd.uri(), "1m", 600, 7);
            rig.headEnd.addPsk(w.psk());
            MeterNode node = MeterNode.open(ConfigLoader.load(w.config()).config());
            SimBoard board = (SimBoard) node.board();
            Thread loop = Thread.ofPlatform().name("node-under-test").start(() -> {
                try (node) {
                    node.run();
                } catch (InterruptedException ignored) {
                    // stopped by the test
                }
            });
            int wanted = 12;
            await().atMost(Duration.ofSeconds(60)).until(() -> pulseReads(board, "grid").size() >= wanted);
            node.setActive(false); // no more sampling: what was sampled can now be delivered completely
            await().atMost(Duration.ofSeconds(30)).until(() -> node.outbox().pendingCount() == 0);
            loop.interrupt();
            loop.join(20_000);

            List<TruthRecord> gridReads = pulseReads(board, "grid");
            List<TruthRecord> waterReads = pulseReads(board, "water");
            int intervals = gridReads.size();
            List<ReceivedReading> energy = rig.readings(EP, "grid.energy");
            List<ReceivedReading> power = rig.readings(EP, "grid.power");
            List<ReceivedReading> volume = rig.readings(EP, "water.volume");
            List<ReceivedReading> current = rig.readings(EP, "mains.current");

            assertThat(energy).hasSize(intervals);
            assertThat(volume).hasSize(intervals);
            assertThat(current).hasSize(intervals);
            assertThat(power).hasSize(intervals - 1); // no mean power before the first counter read
            for (int i = 0; i < intervals; i++) {
                Instant end = energy.get(i).at();
                assertThat(end.getEpochSecond() % 60).as("aligned to the minute").isZero();
                assertThat(gridReads.get(i).at()).as("counter read at interval end").isBetween(end, end.plusSeconds(30));
                assertThat(energy.get(i).value()).isEqualTo(gridReads.get(i).value() / 1000.0, within());
                assertThat(volume.get(i).value()).isEqualTo(waterReads.get(i).value() / 1000.0, within());
                if (i > 0) {
                    assertThat(Duration.between(energy.get(i - 1).at(), end)).isEqualTo(Duration.ofMinutes(1));
                }
            }
            for (ReceivedReading c : current) {
                double truth = board.trueAmpsRmsAt("ads1115@0x48/A0", c.at());
                assertThat(c.value()).as("Irms at %s", c.at()).isCloseTo(truth, org.assertj.core.data.Percentage
                        .withPercentage(3));
            }
            assertThat(rig.headEnd.store().duplicates(EP)).isZero();
            assertThat(rig.headEnd.store().conflicts(EP)).isZero();
            assertThat(rig.lines).anyMatch(l -> l.contains(EP + " registered"));
        }
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }

    static List<TruthRecord> pulseReads(SimBoard board, String channel) {
        return board.journal().stream()
                .filter(r -> r.channel().equals(channel) && r.kind().equals(TruthRecord.PULSES)).toList();
    }
}
