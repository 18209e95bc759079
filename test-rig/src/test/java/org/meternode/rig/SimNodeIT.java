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
            node.management().setActive(false); // no more sampling: what was sampled can now be delivered completely
            await().atMost(Duration.ofSeconds(30)).until(() -> node.outbox().pendingCount() == 0);
            loop.interrupt();
            loop.join(20_000);

            List<TruthRecord> gridReads = pulseReads(board, "grid");
            List<TruthRecord> waterReads = pulseReads(board, "water");
            int intervals = gridReads.size();
            List<ReceivedReading> allEnergy = rig.readings(EP, "grid.energy");
            List<ReceivedReading> power = rig.readings(EP, "grid.power");
            List<ReceivedReading> current = rig.readings(EP, "mains.current");
            // An interval end the node missed under load (600x speed: 100 ms is a simulated minute) is
            // back-filled INTERPOLATED between two counter reads; the counter reads are compared one by one.
            List<ReceivedReading> energy = measured(allEnergy);
            List<ReceivedReading> volume = measured(rig.readings(EP, "water.volume"));

            assertThat(energy).hasSize(intervals);
            assertThat(volume).hasSize(intervals);
            assertThat(current).hasSize(intervals); // instantaneous: a missed interval gets no reading
            assertThat(power).hasSize(allEnergy.size() - 1); // no mean power before the first counter read
            for (int i = 0; i < intervals; i++) {
                Instant end = energy.get(i).at();
                assertThat(end.getEpochSecond() % 60).as("aligned to the minute").isZero();
                assertThat(gridReads.get(i).at()).as("counter read at interval end").isBetween(end, end.plusSeconds(30));
                assertThat(energy.get(i).value()).isEqualTo(gridReads.get(i).value() / 1000.0, within());
                assertThat(volume.get(i).value()).isEqualTo(waterReads.get(i).value() / 1000.0, within());
            }
            for (int i = 1; i < allEnergy.size(); i++) {
                assertThat(Duration.between(allEnergy.get(i - 1).at(), allEnergy.get(i).at()))
                        .as("every minute has a reading").isEqualTo(Duration.ofMinutes(1));
                assertThat(allEnergy.get(i).value()).as("energy never steps back")
                        .isGreaterThanOrEqualTo(allEnergy.get(i - 1).value());
            }
            for (ReceivedReading c : current) {
                // The true RMS at the burst that sampled it, which starts after the interval end (later still
                // when the machine is busy: at 600x a 50 ms delay is 30 simulated seconds of changing load).
                double truth = PowerChannelsIT.truth(board, "ads1115@0x48/A0", TruthRecord.AMPS_RMS_TRUE, c.at())
                        .value();
                assertThat(c.value()).as("Irms at %s", c.at()).isCloseTo(truth, org.assertj.core.data.Percentage
                        .withPercentage(3));
            }
            assertThat(rig.headEnd.store().duplicates(EP)).isZero();
            assertThat(rig.headEnd.store().conflicts(EP)).isZero();
            assertThat(rig.lines).anyMatch(l -> l.contains(EP + " registered"));
        }
    }

    /** Readings of samples the node took: without the INTERPOLATED back-fills of interval ends it missed. */
    static List<ReceivedReading> measured(List<ReceivedReading> readings) {
        return readings.stream().filter(r -> !"INTERPOLATED".equals(r.quality())).toList();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }

    static List<TruthRecord> pulseReads(SimBoard board, String channel) {
        return board.journal().stream()
                .filter(r -> r.channel().equals(channel) && r.kind().equals(TruthRecord.PULSES)).toList();
    }
}
