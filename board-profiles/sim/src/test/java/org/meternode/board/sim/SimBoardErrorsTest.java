package org.meternode.board.sim;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.board.sim.SimTesting.WALL_START;
import static org.meternode.board.sim.SimTesting.allMeters;
import static org.meternode.board.sim.SimTesting.open;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.PulseInput;

/** Board-level errors at start name the channel that asked (issue 4): unknown pin, pin used twice, wrong type. */
class SimBoardErrorsTest {
    @TempDir
    Path stateDir;

    private final ManualWallTime wall = new ManualWallTime(WALL_START);

    @Test
    void an_unknown_pin_names_the_channel_and_the_declared_pins() throws Exception {
        try (SimBoard board = open(wall, stateDir, allMeters())) {
            assertThatThrownBy(() -> board.pulseCounter(new PulseInput("grid", "GPIO5", Duration.ofMillis(20))))
                    .isInstanceOf(BoardException.class)
                    .hasMessageStartingWith("channel 'grid': pin 'GPIO5' has no simulated meter at ")
                    .hasMessageEndingWith("(declared pins: GPIO17, GPIO27, A0, A1, GPIO22, GPIO23)");
            assertThatThrownBy(() -> board.analogChannel("mains", "A7"))
                    .isInstanceOf(BoardException.class)
                    .hasMessageStartingWith("channel 'mains': pin 'A7' has no simulated meter");
        }
    }

    @Test
    void a_pin_used_twice_names_both_channels() throws Exception {
        try (SimBoard board = open(wall, stateDir, allMeters())) {
            board.pulseCounter(new PulseInput("grid", "GPIO17", Duration.ofMillis(20)));
            assertThatThrownBy(() -> board.pulseCounter(new PulseInput("grid2", "GPIO17", Duration.ofMillis(20))))
                    .isInstanceOf(BoardException.class)
                    .hasMessage("channel 'grid2': pin 'GPIO17' is already claimed by channel 'grid'");
            board.analogChannel("mains", "A0");
            assertThatThrownBy(() -> board.analogChannel("mains2", "A0"))
                    .isInstanceOf(BoardException.class)
                    .hasMessage("channel 'mains2': pin 'A0' is already claimed by channel 'mains'");
        }
    }

    @Test
    void a_pin_of_the_wrong_meter_type_names_the_channel_and_the_type_needed() throws Exception {
        try (SimBoard board = open(wall, stateDir, allMeters())) {
            assertThatThrownBy(() -> board.analogChannel("mains", "GPIO17"))
                    .isInstanceOf(BoardException.class)
                    .hasMessage("channel 'mains': pin 'GPIO17' is a s0-electricity meter and cannot serve as an analog"
                            + " channel (needs type ct-clamp, ac-voltage or dc-voltage)");
            assertThatThrownBy(() -> board.pulseCounter(new PulseInput("grid", "A0", Duration.ofMillis(20))))
                    .isInstanceOf(BoardException.class)
                    .hasMessageStartingWith("channel 'grid': pin 'A0' is a ct-clamp meter and cannot serve as a pulse counter");
        }
    }

    @Test
    void reading_a_closed_board_names_the_channel() throws Exception {
        SimBoard board = open(wall, stateDir, allMeters());
        var counter = board.pulseCounter(new PulseInput("grid", "GPIO17", Duration.ofMillis(20)));
        var adc = board.analogChannel("mains", "A0");
        board.close();
        assertThatThrownBy(counter::read).isInstanceOf(IOException.class)
                .hasMessage("channel 'grid': the sim board is closed");
        assertThatThrownBy(adc::readVolts).isInstanceOf(IOException.class)
                .hasMessage("channel 'mains': the sim board is closed");
    }
}
