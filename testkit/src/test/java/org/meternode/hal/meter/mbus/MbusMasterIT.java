package org.meternode.hal.meter.mbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.GoldenCorpus;
import org.meternode.hal.serial.JSerialCommLine;
import org.meternode.hal.serial.SerialSettings;
import org.meternode.hal.serial.SocatPty;

/** The M-Bus master over a real pseudo-terminal pair, a simulated meter answering on the other end. */
class MbusMasterIT {
    private SocatPty pty;
    private JSerialCommLine line;
    private Thread meterThread;

    private MbusMaster connect(MbusSlave meter) throws Exception {
        pty = SocatPty.start();
        line = JSerialCommLine.open(pty.nodeSide(), SerialSettings.MBUS, Duration.ofMillis(20));
        InputStream requests = new FileInputStream(pty.meterSide().toFile());
        OutputStream replies = new FileOutputStream(pty.meterSide().toFile());
        meterThread = Thread.ofPlatform().name("mbus-meter-sim").daemon(true).start(() -> serve(meter, requests, replies));
        return new MbusMaster(line, SerialSettings.MBUS, Duration.ofMillis(150), 2, Clock.systemUTC());
    }

    private static void serve(MbusSlave meter, InputStream requests, OutputStream replies) {
        MbusSlave.RequestFramer framer = new MbusSlave.RequestFramer();
        byte[] buffer = new byte[256];
        try (requests; replies) {
            int n;
            while ((n = requests.read(buffer)) >= 0) {
                for (byte[] request : framer.feed(buffer, n)) {
                    byte[] reply = meter.answer(request);
                    if (reply.length > 0) {
                        replies.write(reply);
                        replies.flush();
                    }
                }
            }
        } catch (IOException closedAtTheEndOfTheTest) {
            // socat was stopped: the pseudo-terminal is gone
        }
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        if (line != null) {
            line.close();
        }
        if (pty != null) {
            pty.close();
        }
        if (meterThread != null) {
            meterThread.join(Duration.ofSeconds(5));
            assertThat(meterThread.isAlive()).as("simulated meter thread stopped").isFalse();
        }
    }

    private static MbusSlave abb() {
        return new MbusSlave(9, new MbusSecondaryAddress("00217819", "ABB", 32, 2),
                GoldenCorpus.frames("abb-a41-multi-telegram.hex"));
    }

    @Test
    void reads_a_five_telegram_readout_through_the_pty() throws Exception {
        MbusMaster master = connect(abb());

        MbusReadout readout = master.read(9);

        assertThat(readout.telegrams()).hasSize(5);
        assertThat(readout.records()).hasSize(97);
        MbusRecord energy = readout.records().get(0);
        assertThat(energy.description()).isEqualTo("ENERGY");
        assertThat(energy.scaledValue()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(new BigDecimal("39130")));
        assertThat(master.timeouts()).isZero();
        assertThat(master.rejectedFrames()).isZero();
    }

    @Test
    void drops_a_bad_checksum_reply_counts_it_and_reads_on_retry() throws Exception {
        MbusSlave meter = new MbusSlave(1, new MbusSecondaryAddress("00623702", "EMH", 0, 2),
                List.of(GoldenCorpus.bytes("emh-diz-rsp-ud.hex")));
        meter.replaceReplyTo(1, GoldenCorpus.bytes("emh-diz-bad-checksum.hex"));
        MbusMaster master = connect(meter);

        MbusReadout readout = master.read(1);

        assertThat(readout.records()).hasSize(3);
        assertThat(master.rejectedFrames()).isEqualTo(1);
    }

    @Test
    void times_out_with_no_readout_when_the_meter_stops_mid_telegram() throws Exception {
        MbusSlave meter = new MbusSlave(1, new MbusSecondaryAddress("00623702", "EMH", 0, 2),
                List.of(GoldenCorpus.bytes("emh-diz-rsp-ud.hex")));
        meter.stopMidTelegram();
        MbusMaster master = connect(meter);

        assertThatThrownBy(() -> master.read(1)).isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining("incomplete: 30 bytes received");
        assertThat(master.timeouts()).isEqualTo(2);
    }

    @Test
    void scans_primary_addresses_through_the_pty() throws Exception {
        MbusMaster master = connect(abb());

        assertThat(master.scan(7, 10)).containsExactly(9);
    }
}
