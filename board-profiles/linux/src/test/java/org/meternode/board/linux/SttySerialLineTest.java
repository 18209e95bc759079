package org.meternode.board.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.board.linux.LinuxTesting.map;
import static org.meternode.board.linux.LinuxTesting.options;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.bus.fake.VirtualSleeper;
import org.meternode.hal.serial.SerialSettings;
import org.meternode.hal.serial.SerialSettings.Parity;

/** The stty command lines of the fallback serial port, and which way the board opens a port. */
class SttySerialLineTest {
    private static final Duration HALF_SECOND = Duration.ofMillis(500);

    @TempDir
    Path dir;

    @Test
    void iec_62056_21_is_7e1_at_9600() throws IOException {
        SerialSettings iec = SerialSettings.IEC_62056_21_START.withBaud(9600);

        assertThat(SttySerialLine.sttyArguments("stty", "/dev/ttyUSB0", iec, HALF_SECOND)).containsExactly(
                "stty", "-F", "/dev/ttyUSB0", "raw", "-echo", "9600", "cs7", "parenb", "-parodd", "-cstopb",
                "clocal", "-crtscts", "min", "0", "time", "5");
    }

    @Test
    void dsmr_5_is_8n1_at_115200() throws IOException {
        assertThat(SttySerialLine.sttyArguments("stty", "/dev/ttyUSB0", SerialSettings.DSMR, HALF_SECOND))
                .containsExactly("stty", "-F", "/dev/ttyUSB0", "raw", "-echo", "115200", "cs8", "-parenb", "-parodd",
                        "-cstopb", "clocal", "-crtscts", "min", "0", "time", "5");
    }

    @Test
    void mbus_is_8e1_at_2400_and_odd_parity_with_two_stop_bits_is_spelled_out() throws IOException {
        assertThat(SttySerialLine.sttyArguments("stty", "/dev/ttyS1", SerialSettings.MBUS, Duration.ofMillis(20)))
                .containsSubsequence("2400", "cs8", "parenb", "-parodd", "-cstopb", "time", "1");
        assertThat(SttySerialLine.sttyArguments("/bin/stty", "/dev/ttyS1",
                new SerialSettings(19200, 7, Parity.ODD, 2), Duration.ofSeconds(2)))
                .containsExactly("/bin/stty", "-F", "/dev/ttyS1", "raw", "-echo", "19200", "cs7", "parenb", "parodd",
                        "cstopb", "clocal", "-crtscts", "min", "0", "time", "20");
    }

    @Test
    void the_read_timeout_is_rounded_up_to_tenths_and_capped_at_the_terminal_maximum() {
        assertThat(SttySerialLine.deciseconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(SttySerialLine.deciseconds(Duration.ofMillis(100))).isEqualTo(1);
        assertThat(SttySerialLine.deciseconds(Duration.ofMillis(101))).isEqualTo(2);
        assertThat(SttySerialLine.deciseconds(Duration.ofSeconds(60))).isEqualTo(255);
    }

    @Test
    void a_rate_termios_cannot_name_is_refused_before_stty_runs() {
        assertThatThrownBy(() -> SttySerialLine.sttyArguments("stty", "/dev/ttyUSB0",
                new SerialSettings(250000, 8, Parity.NONE, 1), HALF_SECOND))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("serial port '/dev/ttyUSB0': stty cannot set 250000 baud (termios rates: [50, 75,");
    }

    @Test
    void stty_mode_opens_with_stty_and_names_the_channel() throws Exception {
        try (LinuxBoard board = board("stty", failingJSerialComm())) {
            assertThatThrownBy(() -> board.serialLine("p1", dir.resolve("ttyUSB9").toString(), SerialSettings.DSMR,
                    HALF_SECOND))
                    .isInstanceOf(IOException.class)
                    .hasMessage("channel 'p1': serial port '" + dir.resolve("ttyUSB9") + "' does not exist");
        }
    }

    @Test
    void stty_refusing_a_file_that_is_no_terminal_is_an_error_with_its_command_and_answer() throws Exception {
        Path notATty = Files.writeString(dir.resolve("plain"), "");
        try (LinuxBoard board = board("stty", failingJSerialComm())) {
            assertThatThrownBy(() -> board.serialLine("p1", notATty.toString(), SerialSettings.DSMR, HALF_SECOND))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("channel 'p1': serial port '" + notATty + "' refused settings 115200 8N1: 'stty -F "
                            + notATty + " raw -echo 115200 cs8")
                    .hasMessageContaining("exited with 1");
        }
    }

    @Test
    void auto_falls_back_to_stty_when_jserialcomm_cannot_load_its_native_library() throws Exception {
        List<String> calls = new java.util.ArrayList<>();
        LinuxBoard.PortOpener noNatives = (path, settings, timeout) -> {
            calls.add(path);
            throw new UnsatisfiedLinkError("Cannot load native library. Errors as follows:\n[1]: libc.so.6");
        };
        try (LinuxBoard board = board(null, noNatives)) {
            // The stty path answers: the port does not exist (jSerialComm would have said it in its own words).
            for (String port : List.of("ttyUSB8", "ttyUSB9")) {
                assertThatThrownBy(() -> board.serialLine("p1", dir.resolve(port).toString(), SerialSettings.DSMR,
                        HALF_SECOND))
                        .hasMessage("channel 'p1': serial port '" + dir.resolve(port) + "' does not exist");
            }
        }
        assertThat(calls).as("jSerialComm is tried once, then skipped").containsExactly(dir.resolve("ttyUSB8").toString());
    }

    @Test
    void jserialcomm_mode_without_its_native_library_is_an_error_that_says_what_to_set() throws Exception {
        try (LinuxBoard board = board("jserialcomm", failingJSerialComm())) {
            assertThatThrownBy(() -> board.serialLine("p1", "/dev/ttyUSB0", SerialSettings.DSMR, HALF_SECOND))
                    .isInstanceOf(IOException.class)
                    .hasMessage("channel 'p1': jSerialComm cannot load its native library on this system "
                            + "(NoClassDefFoundError: Could not initialize class com.fazecast.jSerialComm.SerialPort); "
                            + "board-options.serial (node.yaml:7) is jserialcomm: set it to stty (or auto) to open "
                            + "ports with stty and file I/O");
        }
    }

    /** A jSerialComm whose class initialiser already failed, as on a musl system. */
    static LinuxBoard.PortOpener failingJSerialComm() {
        return (path, settings, timeout) -> {
            throw new NoClassDefFoundError("Could not initialize class com.fazecast.jSerialComm.SerialPort");
        };
    }

    private LinuxBoard board(String serial, LinuxBoard.PortOpener jSerialComm) throws BoardException {
        return board(dir, serial, jSerialComm);
    }

    static LinuxBoard board(Path dir, String serial, LinuxBoard.PortOpener jSerialComm) throws BoardException {
        var values = serial == null ? map() : map("serial", serial);
        return new LinuxBoardProvider(new VirtualSleeper(), InputEventLayout.LITTLE_ENDIAN_64, jSerialComm)
                .open(options(values, dir));
    }
}
