package org.meternode.hal.meter.mbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.GoldenCorpus;
import org.meternode.hal.serial.FakeSerialLine;
import org.meternode.hal.serial.SerialSettings;

class MbusMasterTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final MbusSecondaryAddress EMH = new MbusSecondaryAddress("00623702", "EMH", 0, 2);

    private final FakeSerialLine line = new FakeSerialLine(Duration.ofMillis(5));

    @Test
    void the_reply_timeout_follows_the_baud_rate_and_never_drops_below_500_ms() {
        assertThat(MbusMaster.responseTimeoutFor(2400)).isEqualTo(Duration.ofMillis(500));
        assertThat(MbusMaster.responseTimeoutFor(9600)).isEqualTo(Duration.ofMillis(500));
        assertThat(MbusMaster.responseTimeoutFor(300)).isEqualTo(Duration.ofMillis(1350)); // 1100 + 50 + 200
        assertThat(MbusMaster.responseTimeoutFor(1200)).isEqualTo(Duration.ofMillis(525));
    }

    private MbusMaster master(MbusSlave... meters) throws IOException {
        SimulatedMbus bus = new SimulatedMbus(meters);
        line.answerWith(bus::answer);
        return new MbusMaster(line, SerialSettings.MBUS, Duration.ofMillis(60), 2, Clock.systemUTC());
    }

    private static MbusSlave emhAt(int address) {
        return new MbusSlave(address, EMH, List.of(GoldenCorpus.bytes("emh-diz-rsp-ud.hex")));
    }

    private static MbusSlave abb() {
        return new MbusSlave(9, new MbusSecondaryAddress("00217819", "ABB", 32, 2),
                GoldenCorpus.frames("abb-a41-multi-telegram.hex"));
    }

    @Test
    void configures_2400_8e1_resets_the_link_and_reads_one_telegram() throws Exception {
        MbusSlave meter = emhAt(1);
        MbusMaster master = master(meter);

        MbusReadout readout = master.read(1);

        assertThat(line.settingsApplied()).containsExactly(new SerialSettings(2400, 8, SerialSettings.Parity.EVEN, 1));
        assertThat(meter.requests()).extracting(HEX::formatHex).containsExactly("1040014116", "107b017c16");
        assertThat(readout.records()).hasSize(3);
        assertThat(readout.secondaryAddress()).contains(EMH);
    }

    @Test
    void reads_a_multi_telegram_response_toggling_the_fcb_while_more_records_follow() throws Exception {
        MbusSlave meter = abb();
        MbusMaster master = master(meter);

        MbusReadout readout = master.read(9);

        assertThat(meter.requests()).extracting(HEX::formatHex).containsExactly(
                "1040094916", "107b098416", "105b096416", "107b098416", "105b096416", "107b098416");
        assertThat(readout.telegrams()).hasSize(5);
        assertThat(readout.records()).hasSize(23 + 24 + 16 + 17 + 17);
        assertThat(readout.records()).extracting(MbusRecord::index).startsWith(0, 1, 2).endsWith(95, 96);
    }

    @Test
    void repeats_the_request_with_the_same_fcb_when_a_reply_is_lost() throws Exception {
        MbusSlave meter = abb();
        meter.loseReplyTo(2);
        MbusMaster master = master(meter);

        MbusReadout readout = master.read(9);

        assertThat(meter.requests()).extracting(HEX::formatHex).containsExactly(
                "1040094916", "107b098416", "105b096416", "105b096416", "107b098416", "105b096416", "107b098416");
        assertThat(readout.telegrams()).extracting(MbusVariableData::accessNumber).containsExactly(11, 12, 13, 14, 15);
        assertThat(master.timeouts()).isEqualTo(1);
    }

    @Test
    void drops_a_reply_with_a_bad_checksum_counts_it_and_asks_again() throws Exception {
        MbusSlave meter = emhAt(1);
        meter.replaceReplyTo(1, GoldenCorpus.bytes("emh-diz-bad-checksum.hex"));
        MbusMaster master = master(meter);

        MbusReadout readout = master.read(1);

        assertThat(readout.records()).hasSize(3);
        assertThat(master.rejectedFrames()).isEqualTo(1);
        assertThat(meter.requests()).hasSize(3);
    }

    @Test
    void gives_up_with_a_timeout_when_the_meter_stops_mid_telegram() throws Exception {
        MbusSlave meter = emhAt(1);
        meter.stopMidTelegram();
        MbusMaster master = master(meter);

        assertThatThrownBy(() -> master.read(1))
                .isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining("M-Bus reply incomplete: 30 bytes received");
        assertThat(master.timeouts()).isEqualTo(2);
    }

    @Test
    void reports_the_damage_when_every_attempt_gets_a_bad_frame() throws Exception {
        MbusSlave meter = emhAt(1);
        meter.replaceReplyTo(1, GoldenCorpus.bytes("emh-diz-bad-checksum.hex"));
        meter.replaceReplyTo(2, GoldenCorpus.bytes("emh-diz-bad-checksum.hex"));
        MbusMaster master = master(meter);

        assertThatThrownBy(() -> master.read(1)).isInstanceOf(DecodingException.class).hasMessageContaining("checksum 8Dh");
        assertThat(master.rejectedFrames()).isEqualTo(2);
    }

    @Test
    void reads_by_secondary_address_after_selecting_the_meter() throws Exception {
        MbusSlave meter = emhAt(1);
        MbusMaster master = master(meter);

        MbusReadout readout = master.readSecondary(EMH);

        assertThat(meter.requests()).extracting(HEX::formatHex).containsExactly(
                "680b0b6853fd5202376200a8150002fc16", "1040fd3d16", "107bfd7816");
        assertThat(readout.address()).isEqualTo(0xFD);
        assertThat(readout.secondaryAddress()).contains(EMH);
    }

    @Test
    void selects_by_identification_number_with_wildcard_manufacturer_version_and_medium() throws Exception {
        MbusSlave meter = emhAt(1);
        MbusMaster master = master(meter);

        MbusReadout readout = master.readSecondary(EMH.identification());

        assertThat(HEX.formatHex(meter.requests().get(0))).isEqualTo("680b0b6853fd520237620" + "0ffffffff" + "3916");
        assertThat(readout.secondaryAddress()).contains(EMH);
        assertThatThrownBy(() -> master.readSecondary("00623703")).isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining("secondary id 00623703 did not acknowledge");
    }

    @Test
    void refuses_to_read_a_secondary_address_nobody_acknowledges() throws Exception {
        MbusMaster master = master(emhAt(1));

        assertThatThrownBy(() -> master.readSecondary(new MbusSecondaryAddress("99999999", "EMH", 0, 2)))
                .isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining("did not acknowledge its selection");
    }

    @Test
    void scans_primary_addresses_and_finds_the_meters_that_acknowledge() throws Exception {
        MbusMaster master = master(emhAt(1), abb(), emhAt(12));

        assertThat(master.scan(0, 12)).containsExactly(1, 9, 12);
    }

    @Test
    void finds_one_address_when_two_meters_share_it() throws Exception {
        MbusMaster master = master(emhAt(3), emhAt(3));

        assertThat(master.scan(2, 4)).containsExactly(3);
    }

    @Test
    void counts_a_garbled_reply_during_a_scan_as_a_meter_present() throws Exception {
        MbusSlave meter = emhAt(3);
        meter.replaceReplyTo(1, new byte[] {0x65});
        MbusMaster master = master(meter);

        assertThat(master.scan(2, 4)).containsExactly(3);
        assertThat(master.rejectedFrames()).isEqualTo(1);
    }
}
