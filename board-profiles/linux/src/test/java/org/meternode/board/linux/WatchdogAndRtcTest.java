package org.meternode.board.linux;

import org.meternode.hal.Watchdog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.board.linux.LinuxTesting.map;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.bus.fake.VirtualSleeper;

class WatchdogAndRtcTest {
    @TempDir
    Path dir;

    private final VirtualSleeper time = new VirtualSleeper(Instant.parse("2026-03-01T12:00:00Z"));
    private FakeKernel kernel;
    private LinuxBoard board;

    @BeforeEach
    void kernel() {
        kernel = new FakeKernel(dir);
    }

    @AfterEach
    void close() {
        if (board != null) {
            board.close();
        }
    }

    @Test
    void without_the_options_there_is_no_watchdog_and_no_rtc() throws Exception {
        board = LinuxTesting.open(kernel, time, map());
        assertThat(board.watchdog()).isEmpty();
        assertThat(board.rtcWakeSleeper()).isEmpty();
    }

    @Test
    void feeding_writes_one_byte_and_close_writes_the_magic_V() throws Exception {
        Path device = kernel.watchdog("watchdog0");
        board = LinuxTesting.open(kernel, time, map("watchdog", "watchdog0"));
        Watchdog watchdog = board.watchdog().orElseThrow();
        assertThat(board.watchdog()).containsSame(watchdog);
        watchdog.feed();
        watchdog.feed();
        assertThat(FakeKernel.bytes(device)).containsExactly('\n', '\n');
        watchdog.close();
        watchdog.close();
        assertThat(FakeKernel.bytes(device)).containsExactly('\n', '\n', 'V');
        assertThatThrownBy(watchdog::feed)
                .isInstanceOf(IOException.class)
                .hasMessage(device + ": the watchdog is closed");
    }

    @Test
    void closing_the_board_disarms_its_watchdog() throws Exception {
        Path device = kernel.watchdog("watchdog0");
        board = LinuxTesting.open(kernel, time, map("watchdog", "watchdog0"));
        board.watchdog().orElseThrow().feed();
        board.close();
        assertThat(FakeKernel.bytes(device)).containsExactly('\n', 'V');
        assertThatThrownBy(board::watchdog)
                .isInstanceOf(BoardException.class)
                .hasMessage("board-options.watchdog (node.yaml:7): the linux board is closed");
    }

    @Test
    void the_wake_alarm_is_cleared_then_set_to_the_deadline_rounded_up_and_then_waited_for() throws Exception {
        Path wakealarm = kernel.rtc("rtc0");
        board = LinuxTesting.open(kernel, time, map("rtc", "rtc0"));
        RtcWakeSleeper sleeper = board.rtcWakeSleeper().orElseThrow();
        Instant deadline = Instant.parse("2026-03-01T12:15:00.250Z");
        sleeper.sleepUntil(deadline);
        assertThat(FakeKernel.read(wakealarm)).isEqualTo("0\n" + (deadline.getEpochSecond() + 1) + "\n");
        assertThat(time.now()).isEqualTo(deadline);
        assertThat(sleeper.clock().instant()).isEqualTo(deadline);
    }

    @Test
    void a_deadline_already_passed_programs_nothing() throws Exception {
        Path wakealarm = kernel.rtc("rtc0");
        board = LinuxTesting.open(kernel, time, map("rtc", "rtc0"));
        board.rtcWakeSleeper().orElseThrow().sleepUntil(time.now().minus(Duration.ofSeconds(1)));
        assertThat(FakeKernel.read(wakealarm)).isEmpty();
    }

    @Test
    void a_wake_alarm_that_cannot_be_written_is_not_hidden() throws Exception {
        Path wakealarm = kernel.rtc("rtc0");
        board = LinuxTesting.open(kernel, time, map("rtc", "rtc0"));
        FakeKernel.delete(wakealarm);
        assertThatThrownBy(() -> board.rtcWakeSleeper().orElseThrow().sleepUntil(time.now().plusSeconds(60)))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("writing \"0\" to " + wakealarm + " failed: it does not exist");
    }
}
