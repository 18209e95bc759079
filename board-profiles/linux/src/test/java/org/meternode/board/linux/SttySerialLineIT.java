package org.meternode.board.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.meter.GoldenCorpus;
import org.meternode.hal.meter.dsmr.DsmrReader;
import org.meternode.hal.meter.dsmr.DsmrTelegram;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;
import org.meternode.hal.serial.SocatPty;

/**
 * The stty fallback on a real pseudo-terminal pair (socat; skipped only when socat is missing): the
 * meter side is plain file I/O, the node side an {@link SttySerialLine} opened by the linux board.
 */
class SttySerialLineIT {
    private static final Duration READ_TIMEOUT = Duration.ofMillis(200);

    @TempDir
    java.nio.file.Path dir;

    private SocatPty pty;
    private SerialLine line;
    private OutputStream meterOut;
    private InputStream meterIn;

    @BeforeEach
    void connect() throws Exception {
        pty = SocatPty.start();
        meterOut = new FileOutputStream(pty.meterSide().toFile());
        meterIn = new FileInputStream(pty.meterSide().toFile());
    }

    @AfterEach
    void disconnect() throws IOException {
        if (line != null) {
            line.close();
        }
        if (meterOut != null) {
            meterOut.close();
        }
        if (meterIn != null) {
            meterIn.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    @Test
    void bytes_cross_both_ways_at_dsmr_settings() throws Exception {
        line = openWith("stty", SerialSettings.DSMR);
        assertThat(line).isInstanceOf(SttySerialLine.class);

        meterOut.write("/ISK5\\2M550T-1012\r\n".getBytes(StandardCharsets.US_ASCII));
        meterOut.flush();
        assertThat(new String(readExactly(line.input(), 19), StandardCharsets.US_ASCII)).isEqualTo("/ISK5\\2M550T-1012\r\n");

        byte[] binary = {0x10, 0x5B, (byte) 0xFE, 0x59, 0x16, 0x00, (byte) 0xFF, 0x0D, 0x0A};
        line.output().write(binary);
        line.output().flush();
        assertThat(readExactly(meterIn, binary.length)).as("raw: no CR/LF translation, no echo").isEqualTo(binary);
    }

    @Test
    void a_7e1_line_on_a_pty_opens_and_changes_rate_like_iec_62056_21() throws Exception {
        line = openWith("stty", SerialSettings.IEC_62056_21_START);
        line.output().write("/?!\r\n".getBytes(StandardCharsets.US_ASCII));
        line.output().flush();
        assertThat(new String(readExactly(meterIn, 5), StandardCharsets.US_ASCII)).isEqualTo("/?!\r\n");

        line.configure(SerialSettings.IEC_62056_21_START.withBaud(9600));
        meterOut.write("0.0.0(12345678)\r\n".getBytes(StandardCharsets.US_ASCII));
        meterOut.flush();
        assertThat(new String(readExactly(line.input(), 17), StandardCharsets.US_ASCII)).isEqualTo("0.0.0(12345678)\r\n");
    }

    @Test
    void a_silent_meter_is_a_read_timeout_not_the_end_of_the_stream() throws Exception {
        line = openWith("stty", SerialSettings.DSMR);
        long start = System.nanoTime();

        assertThatThrownBy(() -> line.input().read()).isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining("no byte within 200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(150), Duration.ofSeconds(2));
        assertThat(line.input().available()).isZero();
    }

    @Test
    void the_dsmr_reader_reads_a_real_telegram_through_the_fallback_when_jserialcomm_has_no_natives() throws Exception {
        line = openWith(null, SerialSettings.DSMR);
        assertThat(line).isInstanceOf(SttySerialLine.class);
        DsmrReader reader = new DsmrReader(line, Clock.systemUTC());
        byte[] telegram = GoldenCorpus.bytes("iskra-mt382-dsmr50-spec.txt");
        // In two pieces, as a slow meter would: the reader waits across the gap.
        meterOut.write(Arrays.copyOf(telegram, 100));
        meterOut.flush();
        Thread.sleep(50);
        meterOut.write(Arrays.copyOfRange(telegram, 100, telegram.length));
        meterOut.flush();

        DsmrTelegram read = reader.read(Duration.ofSeconds(5)).orElseThrow();

        assertThat(read.value("1-0:1.8.2").orElseThrow().value()).isEqualTo(new BigDecimal("123456.789"));
        assertThat(reader.stats().telegrams()).isEqualTo(1);
    }

    /** Through the linux board: {@code serial} as given, jSerialComm made to fail as it does on musl. */
    private SerialLine openWith(String serial, SerialSettings settings) throws Exception {
        try (LinuxBoard board = SttySerialLineTest.board(dir, serial, SttySerialLineTest.failingJSerialComm())) {
            return board.serialLine("p1", pty.nodeSide(), settings, READ_TIMEOUT);
        }
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] out = new byte[length];
        int done = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (done < length) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + done + " of " + length + " bytes arrived");
            }
            try {
                int n = in.read(out, done, length - done);
                if (n < 0) {
                    throw new AssertionError("end of stream after " + done + " bytes");
                }
                done += n;
            } catch (InterruptedIOException quiet) {
                // the fallback's read timeout; keep waiting until the deadline
            }
        }
        return out;
    }
}
