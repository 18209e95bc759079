package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.update.SlotState;
import org.meternode.tools.update.UpdateProgress;

/**
 * Integrity at boot with real child JVMs: a signed update lands in slot a and is confirmed; with the
 * node stopped one byte of a slot jar is flipped; at the next start the launcher refuses slot a
 * (naming the jar), boots the factory image, and that node registers, reports Update Result 8 and
 * keeps sending readings.
 */
class BootIntegrityIT {
    private static final String EP = "meter-integrity";

    @TempDir
    Path dir;

    @Test
    void a_flipped_byte_in_the_active_slot_is_refused_and_the_factory_image_runs() throws Exception {
        try (UpdateRig u = new UpdateRig(dir, EP, Duration.ofSeconds(30))) {
            Path appOnly = u.appOnlyBundle("app-0.2.0.mnfw", "0.2.0", "sim");
            u.startLauncher();
            u.awaitReadings(2, Duration.ofSeconds(60));
            UpdateProgress installed = u.updates.push(EP, appOnly, Duration.ofSeconds(90));
            assertThat(installed.result()).as("installed: %s", installed).isEqualTo(1);
            assertThat(u.slots().active()).isEqualTo("a");
            u.launcher.stop(Duration.ofSeconds(30));

            Path jar = appJar(u.storage().resolve("slots/a/lib"));
            byte[] bytes = Files.readAllBytes(jar);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(jar, bytes);

            long t0 = System.nanoTime();
            u.startLauncher();
            u.awaitLine("slot a refused at boot", Duration.ofSeconds(30));
            assertThat(u.output).anyMatch(l -> l.contains("slot a refused at boot") && l.contains(jar.toString())
                    && l.contains("booting factory instead"));
            UpdateProgress after = u.updates.await(EP, Duration.ofSeconds(60), p -> p.idle() && p.result() != 1);
            long reportedMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(after.result()).as("reported: %s", after).isEqualTo(8);
            assertThat(after.firmwareVersion()).as("the factory image runs").isEqualTo("0.1.0");
            SlotState s = u.slots();
            assertThat(s.active()).isEqualTo("factory");
            assertThat(s.outcomeDetail()).contains(jar.getFileName().toString());
            u.awaitReadings(2, Duration.ofSeconds(60));
            u.launcher.stop(Duration.ofSeconds(30));
            System.out.printf("boot integrity: slot a with one flipped byte refused, factory image registered and"
                    + " reported result 8 %d ms after the launcher started%n", reportedMs);
        }
    }

    private static Path appJar(Path lib) throws Exception {
        try (Stream<Path> s = Files.list(lib)) {
            return s.filter(p -> p.getFileName().toString().startsWith("meternode-firmware-app-")).findFirst()
                    .orElseThrow();
        }
    }
}
