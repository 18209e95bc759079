package org.meternode.board.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.meternode.board.sim.SimTesting.WALL_START;
import static org.meternode.board.sim.SimTesting.allMeters;
import static org.meternode.board.sim.SimTesting.open;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.DigitalInput;
import org.meternode.hal.DigitalOutput;
import org.meternode.hal.PulseCounter;
import org.meternode.hal.PulseInput;

class DigitalPinsTest {
    @TempDir
    Path stateDir;

    private final ManualWallTime wall = new ManualWallTime(WALL_START);

    @Test
    void inputs_read_the_level_tests_set_and_journal_changes() throws Exception {
        try (SimBoard board = open(wall, stateDir, allMeters())) {
            DigitalInput tamper = board.digitalInput("tamper", "GPIO22");
            assertThat(tamper.isHigh()).isTrue(); // initial: true
            assertThat(tamper.isHigh()).isTrue();
            board.setLevel("GPIO22", false);
            assertThat(tamper.isHigh()).isFalse();
            assertThat(board.journal()).extracting(TruthRecord::kind, TruthRecord::value)
                    .containsExactly(tuple("level", 1.0),
                            tuple("level", 0.0));
        }
    }

    @Test
    void outputs_record_their_state() throws Exception {
        try (SimBoard board = open(wall, stateDir, allMeters())) {
            DigitalOutput rail = board.digitalOutput("sensor-power", "GPIO23");
            assertThat(board.outputLevel("GPIO23")).isFalse();
            rail.set(true);
            assertThat(board.outputLevel("GPIO23")).isTrue();
            assertThatThrownBy(() -> board.setLevel("GPIO23", false))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("sensor-power");
            assertThatThrownBy(() -> board.digitalInput("tamper", "GPIO23"))
                    .hasMessageContaining("claimed by channel 'sensor-power'");
            assertThatThrownBy(() -> board.outputLevel("GPIO17"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type: digital");
        }
    }

    @Test
    void a_closed_board_refuses_reads_naming_the_channel() throws Exception {
        SimBoard board = open(wall, stateDir, allMeters());
        PulseCounter counter = board.pulseCounter(new PulseInput("grid", "GPIO17", Duration.ZERO));
        board.close();
        assertThatThrownBy(counter::read).isInstanceOf(IOException.class).hasMessageContaining("channel 'grid'");
    }

    @Test
    void ground_truth_for_the_wrong_meter_type_says_what_the_pin_is() throws Exception {
        try (SimBoard board = open(wall, stateDir, allMeters())) {
            assertThatThrownBy(() -> board.litresAt("GPIO17", WALL_START))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'GPIO17' is a s0-electricity meter, not water-reed");
            assertThatThrownBy(() -> board.pulsesAt("GPIO99", WALL_START))
                    .hasMessageContaining("GPIO99").hasMessageContaining("GPIO17, GPIO27");
        }
    }
}
