package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.update.SlotState;
import org.meternode.tools.update.UpdateProgress;

/**
 * A good signed update end to end with real child JVMs: the launcher runs the factory image, the
 * head-end has the node pull a full bundle (block-wise coaps) and execute it; the node installs
 * slot a, restarts into it on trial, confirms health, reports result 1 and the new /3/0/3, and its
 * readings continue without gap or duplicate. Then a delta bundle is pushed and lands in slot b.
 */
class FirmwareUpdateIT {
    private static final String EP = "meter-upd";

    @TempDir
    Path dir;

    @Test
    void signed_bundle_installs_restarts_into_new_slot_and_keeps_reporting() throws Exception {
        try (UpdateRig u = new UpdateRig(dir, EP, Duration.ofSeconds(30))) {
            Path full = u.bundle("full-0.2.0.mnfw", "0.2.0", "sim");
            u.startLauncher();
            u.awaitReadings(3, Duration.ofSeconds(60));
            assertThat(u.updates.read(EP).firmwareVersion()).isEqualTo("0.1.0");

            long t0 = System.nanoTime();
            UpdateProgress p = u.updates.pull(EP, full, Duration.ofSeconds(150));
            long pullUpdateMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(p.result()).as("Update Result after %s", p).isEqualTo(1);
            assertThat(p.pkgVersion()).isEqualTo("0.2.0");
            assertThat(p.firmwareVersion()).as("/3/0/3").isEqualTo("0.2.0");
            SlotState s = u.slots();
            assertThat(s.active()).isEqualTo("a");
            assertThat(s.previous()).isEqualTo("factory");
            assertThat(s.trial()).isFalse();
            u.awaitReadings(3, Duration.ofSeconds(60));

            Path delta = u.deltaBundle("delta-0.3.0.mnfw", "0.3.0", "sim");
            t0 = System.nanoTime();
            UpdateProgress q = u.updates.push(EP, delta, Duration.ofSeconds(90));
            long pushUpdateMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(q.result()).as("Update Result after %s", q).isEqualTo(1);
            assertThat(q.firmwareVersion()).isEqualTo("0.3.0");
            assertThat(u.slots().active()).isEqualTo("b");
            assertThat(u.slots().previous()).isEqualTo("a");
            u.awaitReadings(3, Duration.ofSeconds(60));
            u.launcher.stop(Duration.ofSeconds(30));

            u.assertNoGapNoDuplicate();
            System.out.printf("firmware update: full bundle %d KiB pulled+installed+confirmed in %d ms; delta bundle"
                            + " %d bytes pushed+installed+confirmed in %d ms; %d readings, 0 gaps, 0 conflicts%n",
                    Files.size(full) / 1024, pullUpdateMs, Files.size(delta), pushUpdateMs, u.energy().size());
        }
    }
}
