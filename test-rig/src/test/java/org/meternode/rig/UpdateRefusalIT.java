package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.tools.update.BundleSigner;
import org.meternode.tools.update.Ed25519Keys;
import org.meternode.tools.update.UpdateProgress;

/**
 * Bundles the node must refuse, sent to a real node JVM under the launcher: signed with another key
 * (result 5, refused after the first block), for another board (6), not newer (6), and a truncated
 * download (5). After each the node is idle, still runs 0.1.0, and keeps reporting.
 */
class UpdateRefusalIT {
    private static final String EP = "meter-refuse";

    @TempDir
    Path dir;

    @Test
    void bad_bundles_are_refused_with_their_result_code_and_the_node_keeps_running() throws Exception {
        try (UpdateRig u = new UpdateRig(dir, EP, Duration.ofSeconds(30))) {
            Ed25519Keys.Written stranger = Ed25519Keys.generate(dir.resolve("other-keys"));
            Path foreign = dir.resolve("foreign.mnfw");
            BundleSigner.sign(Ed25519Keys.readPrivate(stranger.privateKey()), "0.2.0", List.of("sim"),
                    UpdateRig.nodeJars(), List.of(), foreign);
            Path wrongBoard = u.deltaBundle("pi.mnfw", "0.2.0", "pi");
            Path notNewer = u.deltaBundle("same.mnfw", "0.1.0", "sim");
            Path good = u.appOnlyBundle("good.mnfw", "0.2.0", "sim");
            byte[] bytes = Files.readAllBytes(good);
            Path truncated = dir.resolve("truncated.mnfw");
            Files.write(truncated, Arrays.copyOf(bytes, bytes.length * 6 / 10));

            u.startLauncher();
            u.awaitReadings(2, Duration.ofSeconds(60));

            long t0 = System.nanoTime();
            UpdateProgress p = u.updates.pull(EP, foreign, Duration.ofSeconds(60));
            long refusedMs = (System.nanoTime() - t0) / 1_000_000;
            assertRefused(u, p, 5, "bundle signature does not verify");

            assertRefused(u, u.updates.push(EP, wrongBoard, Duration.ofSeconds(60)), 6, "this node is 'sim'");
            assertRefused(u, u.updates.push(EP, notNewer, Duration.ofSeconds(60)), 6, "is not newer than");
            assertRefused(u, u.updates.pull(EP, truncated, Duration.ofSeconds(60)), 5, "bundle is truncated");

            u.awaitReadings(2, Duration.ofSeconds(30));
            assertThat(u.slots().active()).isEqualTo("factory");
            u.launcher.stop(Duration.ofSeconds(30));
            u.assertNoGapNoDuplicate();
            System.out.printf("refusals: foreign key (pull of an %d KiB bundle refused after the header, %d ms),"
                    + " wrong board, not newer, truncated: results 5/6/6/5, node kept reporting%n",
                    Files.size(foreign) / 1024, refusedMs);
        }
    }

    private static void assertRefused(UpdateRig u, UpdateProgress p, int result, String logged) throws Exception {
        assertThat(p.result()).as("Update Result of %s", p).isEqualTo(result);
        assertThat(p.idle()).as("idle after refusal: %s", p).isTrue();
        assertThat(p.firmwareVersion()).isEqualTo("0.1.0");
        assertThat(u.output).as("log names the problem").anyMatch(l -> l.contains(logged));
        u.awaitReadings(1, Duration.ofSeconds(30));
    }
}
