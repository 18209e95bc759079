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
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.launch.SimNodeSetup;

/**
 * The head-end goes away for several intervals and comes back (new process state, same database
 * and port): every reading arrives, oldest first, none twice.
 */
class StoreAndForwardIT {
    private static final String EP = "meter-saf";

    @TempDir
    Path dir;

    @Test
    void readings_taken_while_the_head_end_is_down_all_arrive_in_order_once() throws Exception {
        int port = RigHeadEnd.freeUdpPort();
        Path db = dir.resolve("head-end.db");
        RigHeadEnd first = new RigHeadEnd(db, port);
        SimNodeSetup.Written w = SimNodeSetup.write(dir.resolve("node"), EP, first.headEnd.uri(), "1m", 300, 11);
        first.headEnd.addPsk(w.psk());
        MeterNode node = MeterNode.open(ConfigLoader.load(w.config()).config());
        SimBoard board = (SimBoard) node.board();
        Thread loop = Thread.ofPlatform().name("node-under-test").start(() -> {
            try (node) {
                node.run();
            } catch (InterruptedException ignored) {
                // stopped by the test
            }
        });
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> first.readings(EP, "grid.energy").size() >= 3);
            first.close();
            int before = SimNodeIT.pulseReads(board, "grid").size();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SimNodeIT.pulseReads(board, "grid").size() >= before + 5);
            assertThat(node.outbox().pendingCount()).as("readings wait in the outbox").isGreaterThanOrEqualTo(5);

            try (RigHeadEnd second = new RigHeadEnd(db, port, w.psk())) {
                await().atMost(Duration.ofSeconds(90)).until(() -> second.readings(EP, "grid.energy").size() >= before + 5);
                node.management().setActive(false); // no more sampling: what was sampled can now be delivered completely
                await().atMost(Duration.ofSeconds(90)).until(() -> node.outbox().pendingCount() == 0
                        && second.readings(EP, "grid.energy").size() >= before + 5);
                loop.interrupt();
                loop.join(20_000);

                int intervals = SimNodeIT.pulseReads(board, "grid").size();
                List<ReceivedReading> energy = second.readings(EP, "grid.energy");
                // A wake that ends late (a loaded machine) back-fills the interval ends it missed with
                // INTERPOLATED readings; every counter read gives exactly one GOOD reading.
                assertThat(energy.stream().filter(r -> r.quality().equals("GOOD")).count())
                        .as("one GOOD reading per counter read").isEqualTo(intervals);
                for (int i = 1; i < energy.size(); i++) {
                    assertThat(Duration.between(energy.get(i - 1).at(), energy.get(i).at()))
                            .isEqualTo(Duration.ofMinutes(1));
                }
                List<Instant> arrivalOrder = second.arrivals.stream()
                        .filter(r -> r.channel().equals("grid.energy")).map(ReceivedReading::at).toList();
                assertThat(arrivalOrder).as("backlog drained oldest first").isSorted();
                assertThat(second.headEnd.store().conflicts(EP)).isZero();
                System.out.printf("store-and-forward: %d intervals, %d arrived after the outage, %d resends ignored%n",
                        intervals, arrivalOrder.size(), second.headEnd.store().duplicates(EP));
            }
        } finally {
            loop.interrupt();
            loop.join(20_000);
            first.close();
        }
    }
}
