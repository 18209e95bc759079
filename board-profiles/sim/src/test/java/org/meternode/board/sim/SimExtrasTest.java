package org.meternode.board.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.board.sim.SimTesting.WALL_START;
import static org.meternode.board.sim.SimTesting.allMeters;
import static org.meternode.board.sim.SimTesting.map;
import static org.meternode.board.sim.SimTesting.open;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.Board;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.Watchdog;

/** The sim's board extras: a watchdog on wall time, the tamper switch and the status LED on digital pins. */
class SimExtrasTest {
    @TempDir
    Path stateDir;

    private final ManualWallTime wall = new ManualWallTime(WALL_START);
    private final List<String> resets = new ArrayList<>();

    private SimBoard board(Object... topLevel) throws BoardException {
        return new SimBoardProvider(wall, resets::add).open(BoardOptions.of(allMeters(topLevel), stateDir));
    }

    @Test
    void without_options_there_are_no_extras() throws Exception {
        try (Board board = board()) {
            assertThat(board.watchdog()).isEmpty();
            assertThat(board.tamper()).isEmpty();
            assertThat(board.statusLed()).isEmpty();
        }
    }

    @Test
    void a_fed_watchdog_records_its_feeds_and_a_starved_one_resets_the_board() throws Exception {
        try (SimBoard board = board("watchdog", map("timeout", "15s"))) {
            Watchdog watchdog = board.watchdog().orElseThrow();
            assertThat(board.watchdog()).containsSame(watchdog);
            SimWatchdog sim = board.simWatchdog().orElseThrow();
            assertThat(sim.timeout()).isEqualTo(Duration.ofSeconds(15));
            for (int i = 0; i < 4; i++) {
                wall.advance(Duration.ofSeconds(10));
                watchdog.feed();
                assertThat(sim.check()).isFalse();
            }
            assertThat(sim.feeds()).hasSize(4).last().isEqualTo(WALL_START.plusSeconds(40));
            wall.advance(Duration.ofSeconds(15));
            assertThat(sim.check()).as("exactly the timeout is still in time").isFalse();
            wall.advance(Duration.ofMillis(1));
            assertThat(sim.check()).isTrue();
            assertThat(resets).containsExactly("sim watchdog: not fed for 15001 ms (timeout 15000 ms): resetting the board");
            assertThat(sim.check()).isTrue();
            assertThat(resets).hasSize(1);
        }
    }

    @Test
    void closing_the_board_disarms_the_watchdog() throws Exception {
        SimWatchdog sim;
        try (SimBoard board = board("watchdog", map("timeout", 2))) {
            board.watchdog().orElseThrow();
            sim = board.simWatchdog().orElseThrow();
        }
        wall.advance(Duration.ofMinutes(5));
        assertThat(sim.check()).isFalse();
        assertThat(resets).isEmpty();
        assertThatThrownBy(sim::feed).hasMessage("sim watchdog: closed");
    }

    @Test
    void tamper_and_status_led_are_digital_pins_the_truth_can_drive_and_read() throws Exception {
        try (SimBoard board = board("tamper", "GPIO22", "status-led", "GPIO23")) {
            var tamper = board.tamper().orElseThrow();
            var led = board.statusLed().orElseThrow();
            assertThat(tamper.isHigh()).as("GPIO22 starts high in allMeters").isTrue();
            board.setTamperOpen(false);
            assertThat(tamper.isHigh()).isFalse();
            led.set(true);
            assertThat(board.statusLedOn()).isTrue();
            assertThatThrownBy(() -> board.digitalInput("door", "GPIO22"))
                    .hasMessage("channel 'door': pin 'GPIO22' is already claimed by board-options.tamper");
        }
    }

    @Test
    void option_errors_name_the_key() {
        assertThatThrownBy(() -> board("tamper", "GPIO17"))
                .isInstanceOf(BoardException.class)
                .hasMessage("board-options.tamper: must name a meter of type digital (declared: GPIO17, GPIO27, A0, A1,"
                        + " GPIO22, GPIO23), got \"GPIO17\"");
        assertThatThrownBy(() -> board("tamper", "GPIO22", "status-led", "GPIO22"))
                .hasMessage("board-options.status-led: must be another pin than tamper, got \"GPIO22\"");
        assertThatThrownBy(() -> board("watchdog", map("timeout", "soon")))
                .hasMessage("board-options.watchdog.timeout: a duration from 100ms to 1h like 15s, 500ms or 2m, got \"soon\"");
        assertThatThrownBy(() -> board("watchdog", map("timeout", "2h")))
                .hasMessageStartingWith("board-options.watchdog.timeout: a duration from 100ms to 1h");
        assertThatThrownBy(() -> board("watchdog", map("period", "2s")))
                .hasMessageStartingWith("board-options.watchdog.period");
    }
}
