package org.meternode.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.config.ConfigOverlay;
import org.meternode.app.config.NodeConfig;
import org.meternode.app.config.PulseChannelConfig;

/** Opening a node on the sim board (nothing started): what a failed start leaves, and remote writes. */
class MeterNodeTest {
    /** A minimal sim node config; other tests in this package start from it. */
    static final String YAML = """
            node:
              endpoint: meter-t
            board: sim
            board-options:
              meters:
                GPIO17: { type: s0-electricity, pulses-per-kwh: 1000 }
            sampling:
              interval: 15m
            channels:
              - { id: grid, type: pulse, input: GPIO17, pulses-per-kwh: 1000 }
            server:
              uri: coaps://127.0.0.1:5684
              security:
                identity: meter-t
                key-hex: 00112233
            storage:
              path: state
            """;

    @TempDir
    Path dir;

    private Path writeConfig() throws Exception {
        Path file = dir.resolve("meternode.yaml");
        Files.writeString(file, YAML);
        return file;
    }

    private NodeConfig load(Path file) throws Exception {
        return ConfigLoader.load(file).config();
    }

    @Test
    void an_event_log_that_fails_to_open_leaves_no_sqlite_connection_open() throws Exception {
        Path file = writeConfig();
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        // An "events" that is not the event log's table: the log cannot open on this file.
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("outbox.db"));
                Statement st = db.createStatement()) {
            st.executeUpdate("CREATE VIEW events AS SELECT 1 AS x");
        }

        assertThatThrownBy(() -> MeterNode.open(load(file))).hasMessageContaining("security event log");

        // SQLite removes the write-ahead log when the last connection to the file closes.
        assertThat(state.resolve("outbox.db-wal")).as("outbox and event log connections closed").doesNotExist();
    }

    @Test
    void every_remotely_writable_node_setting_and_the_channel_calibration_read_back_as_written() throws Exception {
        Path file = writeConfig();
        try (MeterNode node = MeterNode.open(load(file))) {
            var m = node.management();
            assertThat(m.setting("sampling.interval")).isEqualTo("15m");
            assertThat(m.setting("uplink.reporting-interval")).isEqualTo("0s");
            assertThat(m.setting("uplink.awake-window")).isEqualTo("30s");
            assertThat(m.calibrationKey("grid")).isEqualTo("channels.grid.pulses-per-kwh");
            assertThat(m.setting("channels.grid.pulses-per-kwh")).isEqualTo("1000");
            assertThat(m.channelType("grid")).isEqualTo("pulse");

            assertThat(m.write("uplink.reporting-interval", "10m")).isEmpty();
            assertThat(m.write("channels.grid.pulses-per-kwh", "2000")).isEmpty();

            assertThat(m.setting("uplink.reporting-interval")).isEqualTo("10m");
            assertThat(m.setting("channels.grid.pulses-per-kwh")).isEqualTo("2000");
        }
    }

    @Test
    void a_remote_write_is_applied_over_the_config_loaded_at_start() throws Exception {
        Path file = writeConfig();
        try (MeterNode node = MeterNode.open(load(file))) {
            assertThat(node.management().write("sampling.interval", "5m")).isEmpty();

            assertThat(node.config().sampling().interval()).isEqualTo(Duration.ofMinutes(5));
            assertThat(ConfigOverlay.load(node.config().storagePath()).values()).containsKey("sampling.interval");
        }
    }

    @Test
    void a_remote_write_after_the_file_changed_on_disk_is_refused_and_nothing_of_the_edit_is_applied()
            throws Exception {
        Path file = writeConfig();
        try (MeterNode node = MeterNode.open(load(file))) {
            String edited = YAML.replace("input: GPIO17, pulses-per-kwh: 1000", "input: GPIO17, pulses-per-kwh: 500");
            assertThat(edited).isNotEqualTo(YAML);
            Files.writeString(file, edited);

            assertThat(node.management().write("sampling.interval", "5m")).hasValueSatisfying(refusal -> assertThat(refusal)
                    .contains("config file " + file).contains("changed since the node started; restart to load it"));

            assertThat(node.config().sampling().interval()).isEqualTo(Duration.ofMinutes(15));
            assertThat(((PulseChannelConfig) node.config().channels().get(0)).pulsesPerKwh())
                    .isEqualByComparingTo(new BigDecimal("1000"));
            assertThat(ConfigOverlay.load(node.config().storagePath()).values()).as("nothing stored").isEmpty();
        }
    }
}
