package org.meternode.app.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotStoreTest {
    @TempDir
    Path dir;

    @Test
    void no_state_file_means_the_factory_image() throws Exception {
        assertThat(SlotStore.in(dir).read()).isEqualTo(SlotState.factory());
    }

    @Test
    void switch_confirm_and_rollback_round_trip_through_the_file() throws Exception {
        SlotStore store = SlotStore.in(dir);
        SlotState trial = store.update(s -> s.switchTo(s.inactiveSlot(), "0.2.0"));
        assertThat(trial).isEqualTo(new SlotState("a", "factory", true, 0, "0.2.0", SlotState.Outcome.NONE, "", ""));
        assertThat(store.read()).isEqualTo(trial);
        store.update(SlotState::startingTrialBoot);
        SlotState ok = store.update(SlotState::confirmed);
        assertThat(ok.trial()).isFalse();
        assertThat(ok.outcome()).isEqualTo(SlotState.Outcome.SUCCESS);
        assertThat(ok.outcomeVersion()).isEqualTo("0.2.0");
        assertThat(ok.inactiveSlot()).isEqualTo("b");

        store.update(s -> s.switchTo("b", "0.3.0"));
        SlotState back = store.update(s -> s.rolledBack("it exited with code 1"));
        assertThat(back.active()).isEqualTo("a");
        assertThat(back.previous()).isEqualTo("b");
        assertThat(back.outcome()).isEqualTo(SlotState.Outcome.ROLLED_BACK);
        assertThat(store.read()).isEqualTo(back);
    }

    @Test
    void the_state_file_is_replaced_whole_and_no_temp_file_stays() throws Exception {
        SlotStore store = SlotStore.in(dir);
        for (int i = 0; i < 20; i++) {
            String v = "0." + (i + 2) + ".0";
            store.update(s -> s.trial() ? s.confirmed() : s.switchTo(s.inactiveSlot(), v));
            assertThat(SlotState.decode(Files.readAllBytes(store.stateFile()))).isEqualTo(store.read());
        }
        try (Stream<Path> files = Files.list(store.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("state", "state.lock");
        }
    }

    @Test
    void a_slot_is_written_completely_before_the_switch_and_checked_before_boot() throws Exception {
        Bundles bundles = new Bundles(Files.createDirectories(dir.resolve("b")));
        List<Path> jars = bundles.jars(2);
        Path bundle = bundles.write("ok.mnfw", "0.2.0", "sim", jars);
        SlotStore store = SlotStore.in(dir.resolve("state"));
        SlotInstaller installer = new SlotInstaller(store, new RunningImage(List.of()));
        String slot = installer.install(bundles.verifier("sim", "0.1.0").verify(bundle));
        assertThat(slot).isEqualTo("a");
        assertThat(store.read().trial()).isTrue();
        SlotImage image = SlotImage.open(store, "a");
        image.check();
        assertThat(image.version()).isEqualTo("0.2.0");
        assertThat(Files.readAllBytes(image.jars().get(1))).isEqualTo(Files.readAllBytes(jars.get(1)));
        assertThat(store.dir().resolve("a.new")).doesNotExist();

        Files.write(image.jars().get(0), new byte[] {1, 2, 3});
        org.assertj.core.api.Assertions.assertThatThrownBy(image::check).hasMessageContaining("lib-0.jar");
    }

    @Test
    void launcher_reads_storage_path_leniently() throws Exception {
        Path config = dir.resolve("meternode.yaml");
        Files.writeString(config, "node: { endpoint: x }\nsome-future-key: 1\nstorage: { path: state }\n");
        assertThat(Launcher.storagePath(config)).isEqualTo(dir.resolve("state").toAbsolutePath());
    }
}
