package org.meternode.board.pi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.Boards;
import org.meternode.hal.DigitalOutput;
import org.meternode.hal.bus.fake.VirtualSleeper;

class PiBoardProviderTest {
    @TempDir
    Path stateDir;

    @Test
    void the_profile_is_found_by_name() throws BoardException {
        assertThat(Boards.provider("pi")).isInstanceOf(PiBoardProvider.class);
        assertThat(new PiBoardProvider().name()).isEqualTo("pi");
    }

    @Test
    void the_board_runs_on_the_injected_time_and_names_itself() throws BoardException {
        VirtualSleeper time = new VirtualSleeper();
        try (PiBoard board = new PiBoardProvider(o -> MockPi4j.mockPlugins(), time)
                .open(BoardOptions.of(Map.of(), stateDir))) {
            assertThat(board.name()).isEqualTo("pi");
            assertThat(board.sleeper()).isSameAs(time);
        }
    }

    @Test
    void the_context_factory_sees_the_parsed_options() throws BoardException {
        PiOptions[] seen = new PiOptions[1];
        new PiBoardProvider(options -> {
            seen[0] = options;
            return MockPi4j.mockPlugins();
        }, new VirtualSleeper()).open(BoardOptions.of(Map.of("gpiochip", "gpiochip0"), stateDir)).close();
        assertThat(seen[0].gpioChip()).contains("gpiochip0");
    }

    @Test
    void close_shuts_pi4j_down_once_and_later_use_names_the_channel() throws Exception {
        Pi4jContext pi4j = MockPi4j.mockPlugins();
        PiBoard board = new PiBoardProvider(o -> pi4j, new VirtualSleeper()).open(BoardOptions.of(Map.of(), stateDir));
        DigitalOutput led = board.digitalOutput("led", "GPIO24");
        board.close();
        board.close();
        assertThat(pi4j.context().isShutdown()).isTrue();
        assertThatThrownBy(() -> led.set(true)).isInstanceOf(IOException.class)
                .hasMessage("channel 'led': the pi board is closed");
    }
}
