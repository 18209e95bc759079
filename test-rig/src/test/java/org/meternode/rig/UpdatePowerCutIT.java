package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.update.SlotState;
import org.meternode.tools.update.UpdateProgress;

/**
 * Power cuts (SIGKILL of launcher and node together) at each step of an update: during the
 * download, after it, during the slot write, right after the switch, and during the trial boot.
 * After every cut the launcher is started again and must bring up a node that registers and
 * reports; the update then ends where the state machine says it should.
 */
class UpdatePowerCutIT {
    private static final String EP = "meter-upd-cut";

    @TempDir
    Path dir;

    @Test
    void a_power_cut_at_any_update_step_leaves_a_bootable_node() throws Exception {
        List<String> steps = new ArrayList<>();
        try (UpdateRig u = new UpdateRig(dir, EP, Duration.ofSeconds(30))) {
            Path full = u.bundle("full-0.2.0.mnfw", "0.2.0", "sim");
            Path appOnly = u.appOnlyBundle("app-0.2.0.mnfw", "0.2.0", "sim");
            Path delta = u.deltaBundle("delta-0.3.0.mnfw", "0.3.0", "sim");
            u.startLauncher();
            u.awaitReadings(2, Duration.ofSeconds(60));

            // 1. during the download (an 18 MB pull takes ~18 s here)
            URI fullUri = u.updates.serve(full);
            u.updates.writePackageUri(EP, fullUri.toString());
            u.awaitLine("downloading firmware package", Duration.ofSeconds(20));
            long quarter = java.nio.file.Files.size(full) / 4;
            await().atMost(Duration.ofSeconds(60)).until(() -> u.updates.servedBytes(fullUri) >= quarter);
            cutAndRestart(u);
            UpdateProgress p = u.updates.read(EP);
            assertThat(p.result()).as("interrupted download: %s", p).isEqualTo(4);
            assertThat(p.idle()).isTrue();
            assertThat(p.firmwareVersion()).isEqualTo("0.1.0");
            steps.add("download");

            // 2. after the download, before Update: the verified package survives
            u.updates.writePackageUri(EP, u.updates.serve(appOnly).toString());
            u.updates.await(EP, Duration.ofSeconds(60), UpdateProgress::downloaded);
            cutAndRestart(u);
            assertThat(u.updates.read(EP).downloaded()).as("still Downloaded after the cut").isTrue();
            u.updates.executeUpdate(EP);
            p = u.updates.awaitOutcome(EP, Duration.ofSeconds(60));
            assertThat(p.result()).isEqualTo(1);
            assertThat(p.firmwareVersion()).isEqualTo("0.2.0");
            steps.add("downloaded");
            u.awaitReadings(2, Duration.ofSeconds(30));

            // 3. during the install (slot b being written)
            u.updates.writePackage(EP, java.nio.file.Files.readAllBytes(delta));
            u.updates.await(EP, Duration.ofSeconds(60), UpdateProgress::downloaded);
            long installing = u.linesContaining("installing 0.3.0 into slot b");
            u.updates.executeUpdate(EP);
            u.awaitLine2("installing 0.3.0 into slot b", installing);
            cutAndRestart(u);
            p = u.updates.read(EP);
            assertThat(p.firmwareVersion()).as("slot a still boots").isEqualTo("0.2.0");
            SlotState s = u.slots();
            boolean switched = s.active().equals("b");
            if (!switched) {
                assertThat(p.result()).as("interrupted install: %s", p).isEqualTo(8);
                assertThat(p.downloaded()).as("package kept for another try").isTrue();
            }
            steps.add("install" + (switched ? " (cut landed after the switch)" : ""));

            // 4. right after the switch, before the restart into the new slot; then 5. during the trial
            // boot of slot b (the launcher started it; health not confirmed yet)
            if (!switched) {
                long switchedLines = u.linesContaining("switched to slot b");
                u.updates.executeUpdate(EP);
                u.awaitLine2("switched to slot b", switchedLines);
                long trialLines = u.linesContaining("trial boot");
                u.launcher.powerCut();
                steps.add("switch");
                u.startLauncher();
                u.awaitLine2("trial boot", trialLines);
                assertThat(u.slots().trial()).as("cut lands before health confirmation").isTrue();
                cutAndRestart(u);
                steps.add("trial boot");
            }
            p = u.updates.awaitOutcome(EP, Duration.ofSeconds(60));
            assertThat(p.result()).as("after all cuts: %s", p).isEqualTo(1);
            assertThat(p.firmwareVersion()).isEqualTo("0.3.0");
            assertThat(u.slots().active()).isEqualTo("b");
            u.launcher.stop(Duration.ofSeconds(30));
            u.assertNoGapNoDuplicate();
            System.out.printf("update power cuts at %s: node came back registered and reporting after each; final"
                    + " 0.3.0 in slot b, %d readings, 0 gaps, 0 conflicts%n", steps, u.energy().size());
        }
    }

    /** SIGKILL launcher and node, start the launcher again, and see the node register and report. */
    private static void cutAndRestart(UpdateRig u) throws Exception {
        u.launcher.powerCut();
        u.startLauncher();
        u.awaitReadings(2, Duration.ofSeconds(60));
    }
}
