package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.node.MeterNode;
import org.meternode.app.reading.Reading;
import org.meternode.tools.launch.SimNodeSetup;

/**
 * A remote restart (reboot, factory reset, update) stops the sampling loop by a signal, not an
 * interrupt: the sample under way (CT clamp, power monitor, pulses) finishes and is stored GOOD,
 * and run() returns normally with the restart flagged.
 */
class RestartIT {
    private static final String EP = "meter-restart-1";

    @TempDir
    Path dir;

    @Test
    void a_restart_while_sampling_ends_the_loop_normally_with_no_fault_reading() throws Exception {
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0)) {
            SimNodeSetup.Written w = SimNodeSetup.write(dir.resolve("node"), EP, rig.headEnd.uri(), "1m", 600, 7);
            rig.headEnd.addPsk(w.psk());
            MeterNode node = MeterNode.open(ConfigLoader.load(w.config()).config());
            CompletableFuture<String> ended = new CompletableFuture<>();
            Thread.ofPlatform().name("node-under-test").start(() -> {
                try (node) {
                    node.run();
                    ended.complete("returned");
                } catch (InterruptedException e) {
                    ended.complete("interrupted");
                } catch (Throwable e) {
                    ended.completeExceptionally(e);
                }
            });
            // At speed 600 an interval is 100 ms of wall time and a CT-clamp sample a good part of it.
            await().atMost(Duration.ofSeconds(30)).until(() -> node.outbox().lastIntervalEnd().isPresent());

            node.management().restart("test");

            assertThat(ended.get(20, TimeUnit.SECONDS)).isEqualTo("returned");
            assertThat(node.restartRequested()).isTrue();
            assertThat(node.sampler().faultCount()).isZero();
            try (var outbox = org.meternode.app.outbox.Outbox.open(dir.resolve("node/state/outbox.db"))) {
                assertThat(outbox.pending(100_000)).extracting(s -> s.reading().quality())
                        .doesNotContain(Reading.Quality.FAULT);
            }
        }
    }
}
