package org.meternode.board.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.Board;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.Boards;

class SimBoardProviderTest {
    @TempDir
    Path stateDir;

    @Test
    void service_loader_finds_the_sim_profile_by_name() throws Exception {
        assertThat(Boards.provider("sim")).isInstanceOf(SimBoardProvider.class);
        try (Board board = Boards.open("sim", BoardOptions.of(Map.of(), stateDir))) {
            assertThat(board.name()).isEqualTo("sim");
            assertThat(board).isInstanceOf(SimBoard.class);
            Instant virtual = board.sleeper().clock().instant();
            // No start given: the timeline starts at the wall clock truncated to the minute.
            assertThat(Duration.between(virtual, Instant.now()).abs()).isLessThan(Duration.ofMinutes(2));
        }
        assertThat(stateDir.resolve("sim-clock.properties")).exists();
    }
}
