package org.meternode.hal.meter.iec62056;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.meternode.hal.InstantSleeper;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.GoldenCorpus;
import org.meternode.hal.serial.FakeSerialLine;
import org.meternode.hal.serial.SerialSettings;
import org.meternode.hal.serial.SerialSettings.Parity;

class Iec62056ReaderTest {
    private final FakeSerialLine line = new FakeSerialLine(Duration.ofMillis(5));
    private final InstantSleeper sleeper = new InstantSleeper();

    /** A mode C meter: identification on request, the data block after the acknowledgement. */
    private void meterAnswering(String file) {
        byte[][] parts = Iec62056Test.identificationAndRest(file);
        line.answerWith(request -> {
            String text = new String(request, StandardCharsets.ISO_8859_1);
            if (text.startsWith("/?") && text.endsWith("!\r\n")) {
                return parts[0];
            }
            if (request[0] == 0x06) {
                return parts[1];
            }
            return new byte[0];
        });
    }

    @Test
    void reads_mode_c_at_300_baud_then_switches_to_the_offered_rate() throws Exception {
        meterAnswering("lem-em4tii-mode-c.txt");
        Iec62056Reader reader = new Iec62056Reader(line, sleeper);

        Iec62056Readout readout = reader.readModeC("", Duration.ofSeconds(2));

        assertThat(new String(line.written(), StandardCharsets.ISO_8859_1)).isEqualTo("/?!\r\n\u0006050\r\n");
        assertThat(line.settingsApplied()).containsExactly(new SerialSettings(300, 7, Parity.EVEN, 1),
                new SerialSettings(9600, 7, Parity.EVEN, 1));
        assertThat(sleeper.waits()).singleElement().satisfies(wait -> assertThat(wait).isBetween(Duration.ofMillis(200), Duration.ofMillis(220)));
        assertThat(readout.identification().orElseThrow().identification()).isEqualTo("D4EM4TIIW001--");
        assertThat(readout.data().bccChecked()).isTrue();
        assertThat(readout.data().dataSets()).hasSize(18);
    }

    @Test
    void sends_the_device_address_in_the_request() throws Exception {
        meterAnswering("lem-em4tii-mode-c.txt");

        new Iec62056Reader(line, sleeper).readModeC("00012345", Duration.ofSeconds(2));

        assertThat(new String(line.written(), StandardCharsets.ISO_8859_1)).startsWith("/?00012345!\r\n");
    }

    @Test
    void drops_a_data_block_with_a_bad_bcc() {
        meterAnswering("lem-em4tii-mode-c-bad-bcc.txt");
        Iec62056Reader reader = new Iec62056Reader(line, sleeper);

        assertThatThrownBy(() -> reader.readModeC("", Duration.ofSeconds(2))).isInstanceOf(ChecksumException.class);
    }

    @Test
    void times_out_when_the_meter_stops_mid_block() {
        meterAnswering("lem-em4tii-mode-c-truncated.txt");
        Iec62056Reader reader = new Iec62056Reader(line, sleeper);

        assertThatThrownBy(() -> reader.readModeC("", Duration.ofMillis(400)))
                .isInstanceOf(InterruptedIOException.class).hasMessageContaining("did not finish within the timeout");
    }

    @Test
    void reads_mode_b_switching_without_acknowledgement() throws Exception {
        byte[] block = Iec62056Test.identificationAndRest("lem-em4tii-mode-c.txt")[1];
        line.answerWith(request -> concat("/EMHE\\@D4EM4TIIW001--\r\n".getBytes(StandardCharsets.US_ASCII), block));

        Iec62056Readout readout = new Iec62056Reader(line, sleeper).readModeC("", Duration.ofSeconds(2));

        assertThat(new String(line.written(), StandardCharsets.ISO_8859_1)).isEqualTo("/?!\r\n");
        assertThat(line.settingsApplied()).extracting(SerialSettings::baud).containsExactly(300, 9600);
        assertThat(readout.data().dataSets()).hasSize(18);
    }

    @Test
    void reads_a_push_meter_skipping_what_came_before_the_identification() throws Exception {
        byte[] stream = GoldenCorpus.bytes("easymeter-q3da1004-leading-garbage.txt");
        line.receive(stream);
        Iec62056Reader reader = new Iec62056Reader(line, new SerialSettings(9600, 7, Parity.EVEN, 1), sleeper);

        Iec62056Readout readout = reader.readPushed(Duration.ofSeconds(2));

        assertThat(readout.identification().orElseThrow().identification()).isEqualTo("Q3DA1004 V3.04");
        assertThat(readout.data().dataSet("1-0:1.8.0*255").orElseThrow().value()).isEqualTo("00032549.5061662");
        assertThat(reader.garbageBytes()).isEqualTo("  25818685\r\nDE0000000000000000000000000000003\r\n".length());
        assertThat(line.written()).isEmpty();
    }

    @Test
    void reads_a_pushed_data_message_without_identification_after_garbage() throws Exception {
        byte[] garbage = "1-0:2.8.0*255(0000".getBytes(StandardCharsets.US_ASCII);
        line.receive(concat(garbage, GoldenCorpus.bytes("lem-em4tii-data-message.txt")));
        Iec62056Reader reader = new Iec62056Reader(line, new SerialSettings(9600, 7, Parity.EVEN, 1), sleeper);

        Iec62056Readout readout = reader.readPushed(Duration.ofSeconds(2));

        assertThat(readout.identification()).isEmpty();
        assertThat(readout.optionSelect()).isEmpty();
        assertThat(readout.data().bccChecked()).isTrue();
        assertThat(readout.data().dataSet("0-0:C.1.0*255").orElseThrow().value()).isEqualTo("03878504");
        assertThat(reader.garbageBytes()).isEqualTo(garbage.length);
    }

    @Test
    void reads_a_pushed_data_message_behind_an_echoed_option_select() throws Exception {
        line.receive(GoldenCorpus.bytes("lem-em4tii-data-message-ack-echo.txt"));
        Iec62056Reader reader = new Iec62056Reader(line, new SerialSettings(9600, 7, Parity.EVEN, 1), sleeper);

        Iec62056Readout readout = reader.readPushed(Duration.ofSeconds(2));

        assertThat(readout.identification()).isEmpty();
        assertThat(readout.optionSelect()).contains(new Iec62056OptionSelect('0', '5', '0'));
        assertThat(readout.data().dataSets()).hasSize(18);
        assertThat(reader.garbageBytes()).isZero();
    }

    @Test
    void drops_a_pushed_data_message_with_a_bad_bcc() {
        line.receive(GoldenCorpus.bytes("lem-em4tii-data-message-bad-bcc.txt"));
        Iec62056Reader reader = new Iec62056Reader(line, new SerialSettings(9600, 7, Parity.EVEN, 1), sleeper);

        assertThatThrownBy(() -> reader.readPushed(Duration.ofSeconds(2))).isInstanceOf(ChecksumException.class)
                .hasMessageStartingWith("BCC is 2Bh, the data message gives 41h");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
