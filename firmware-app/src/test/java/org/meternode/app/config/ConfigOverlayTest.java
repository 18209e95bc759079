package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigOverlayTest {
    private static final String YAML = """
            node: { endpoint: meter-1 }
            board: sim
            sampling: { interval: 15m }
            channels:
              - { id: grid, type: pulse, input: GPIO17, pulses-per-kwh: 1000 }
              - { id: mains, type: ct-clamp, input: A0, ratio: "100A:50mA", burden-ohm: 22 }
            server:
              uri: coaps://127.0.0.1:5684
              security: { mode: psk, identity: meter-1, key-hex: 00112233 }
            storage: { path: state }
            """;

    @TempDir
    Path dir;

    private Path config() throws Exception {
        Path file = dir.resolve("meternode.yaml");
        Files.writeString(file, YAML);
        return file;
    }

    @Test
    void a_valid_write_changes_the_effective_config_and_nothing_else() throws Exception {
        NodeConfig c = ConfigOverlay.empty().with("sampling.interval", "5m")
                .with("channels.mains.calibration", "1.05").with("channels.grid.pulses-per-kwh", "800")
                .with("uplink.awake-window", "45s").applyTo(config()).config();

        assertThat(c.sampling().interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(((CtClampChannelConfig) c.channels().get(1)).calibration()).isEqualTo(1.05);
        assertThat(((PulseChannelConfig) c.channels().get(0)).pulsesPerKwh()).isEqualByComparingTo(new BigDecimal("800"));
        assertThat(c.uplink().awakeWindow()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.server().security().pskKey()).as("hex key kept as written, leading zeros too")
                .containsExactly(0x00, 0x11, 0x22, 0x33);
        assertThat(c.storagePath()).isEqualTo(dir.resolve("state"));
        assertThat(c.source()).as("still names the file, so a second write can apply over it")
                .isEqualTo(dir.resolve("meternode.yaml"));
    }

    @Test
    void a_remote_interval_moves_the_default_spread_and_may_not_undercut_a_written_one() throws Exception {
        NodeConfig c = ConfigOverlay.empty().with("sampling.interval", "5m").applyTo(config()).config();
        assertThat(c.uplink().spread()).as("10 % of the new interval").isEqualTo(Duration.ofSeconds(30));

        Path file = dir.resolve("meternode.yaml");
        Files.writeString(file, YAML + "uplink:\n  spread: 2m\n");
        assertThatThrownBy(() -> ConfigOverlay.empty().with("sampling.interval", "1m").applyTo(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("uplink.spread")
                .hasMessageContaining("must be shorter than sampling.interval (1m), was 2m");
    }

    @Test
    void an_invalid_write_is_refused_by_the_same_rules_as_the_file() throws Exception {
        Path file = config();
        assertThatThrownBy(() -> ConfigOverlay.empty().with("sampling.interval", "7m").applyTo(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sampling.interval")
                .hasMessageContaining("must divide 1d");
        assertThatThrownBy(() -> ConfigOverlay.empty().with("channels.mains.calibration", "9").applyTo(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("channels[1].calibration");
        assertThatThrownBy(() -> ConfigOverlay.empty().with("channels.nope.calibration", "1.0").applyTo(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no channel with id 'nope'");
    }

    @Test
    void only_the_documented_keys_are_writable() {
        assertThatThrownBy(() -> ConfigOverlay.empty().with("server.uri", "coaps://evil:5684"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not remotely writable");
        assertThat(ConfigOverlay.isWritable("channels.grid.calibration")).isTrue();
        assertThat(ConfigOverlay.isWritable("channels.grid.input")).isFalse();
    }

    @Test
    void saved_overlay_survives_a_restart() throws Exception {
        ConfigOverlay.empty().with("sampling.interval", "5m").save(dir);
        ConfigOverlay loaded = ConfigOverlay.load(dir);
        assertThat(loaded.values()).containsEntry("sampling.interval", "5m");
        assertThat(loaded.applyTo(config()).config().sampling().interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(dir.resolve(ConfigOverlay.FILE_NAME + ".tmp")).doesNotExist();
    }
}
