package org.meternode.hal.meter.wmbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.mbus.MbusRecord;

/** Frames from {@link WmbusFrameWriter} through {@link WmbusDecoder}: each layer, each check, each refusal. */
class WmbusDecoderTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final WmbusAddress METER = new WmbusAddress("KAM", "12345678", 0x1B, 0x07);
    private static final WmbusAddress REPEATER = new WmbusAddress("ACW", "87654321", 0x03, 0x32);
    private static final byte[] KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] OTHER_KEY = HEX.parseHex("0f0e0d0c0b0a09080706050403020100");
    private static final WmbusKeys KEYS = WmbusKeys.of(Map.of("12345678", KEY));
    /** VOLUME 12.345 m3 (04 13 39300000), FLOW_TEMPERATURE 21 °C (01 5B 15). */
    private static final byte[] RECORDS = HEX.parseHex("041339300000015b15");

    private static WmbusFrameWriter meter() {
        return WmbusFrameWriter.from(METER).accessNumber(0x42).records(RECORDS);
    }

    private static BigDecimal volume(WmbusTelegram telegram) {
        MbusRecord volume = telegram.records().get(0);
        assertThat(volume.description()).isEqualTo("VOLUME");
        assertThat(volume.unit()).isEqualTo("m3");
        return volume.scaledValue().orElseThrow();
    }

    @Test
    void decodes_an_unencrypted_short_header_telegram() throws DecodingException {
        byte[] frame = meter().status(0x04).build();

        WmbusTelegram telegram = WmbusDecoder.decode(frame, WmbusKeys.none());

        assertThat(HEX.formatHex(frame)).isEqualTo("17442d2c785634121b077a42040000" + "041339300000015b15");
        assertThat(telegram.link()).isEqualTo(METER);
        assertThat(telegram.meter()).isEqualTo(METER);
        assertThat(telegram).extracting(WmbusTelegram::cField, WmbusTelegram::ci, WmbusTelegram::accessNumber,
                WmbusTelegram::status, WmbusTelegram::securityMode, WmbusTelegram::encrypted)
                .containsExactly(0x44, 0x7A, 0x42, 0x04, 0, false);
        assertThat(volume(telegram)).isEqualByComparingTo("12.345");
        assertThat(telegram.records().get(1).description()).isEqualTo("FLOW_TEMPERATURE");
        assertThat(telegram.records().get(1).scaledValue()).contains(new BigDecimal("21"));
    }

    @Test
    void decodes_records_without_a_transport_header() throws DecodingException {
        WmbusTelegram telegram = WmbusDecoder.decode(meter().noHeader().build(), WmbusKeys.none());

        assertThat(telegram.ci()).isEqualTo(0x78);
        assertThat(telegram.accessNumber()).isEqualTo(-1);
        assertThat(volume(telegram)).isEqualByComparingTo("12.345");
    }

    @Test
    void decodes_mode_5_and_refuses_it_without_the_key_or_with_another() throws DecodingException {
        byte[] frame = meter().mode5(KEY).build();

        WmbusTelegram telegram = WmbusDecoder.decode(frame, KEYS);

        assertThat(frame[13]).as("CW: one encrypted block").isEqualTo((byte) 0x10);
        assertThat(frame[14]).as("CW: mode 5").isEqualTo((byte) 0x05);
        assertThat(telegram.securityMode()).isEqualTo(5);
        assertThat(telegram.encrypted()).isTrue();
        assertThat(volume(telegram)).isEqualByComparingTo("12.345");
        assertThatThrownBy(() -> WmbusDecoder.decode(frame, WmbusKeys.none())).isInstanceOf(DecodingException.class)
                .hasMessageStartingWith("no key for meter 12345678 (encrypted, security mode 5)");
        assertThatThrownBy(() -> WmbusDecoder.decode(frame, WmbusKeys.of(Map.of("12345678", OTHER_KEY))))
                .isInstanceOf(DecodingException.class).hasMessageStartingWith("decryption with the key for 12345678 "
                        + "failed: no 2F 2F at the start of the payload (wrong key?) at byte offset 15");
    }

    @Test
    void decodes_unencrypted_records_after_the_encrypted_blocks() throws DecodingException {
        byte[] frame = meter().mode5(KEY).plainTrailer(HEX.parseHex("02fd1b3412")).build();

        WmbusTelegram telegram = WmbusDecoder.decode(frame, KEYS);

        assertThat(telegram.records()).hasSize(3);
        assertThat(telegram.records().get(2).data()).containsExactly(0x34, 0x12);
        assertThat(HEX.formatHex(frame)).endsWith("02fd1b3412");
    }

    @Test
    void takes_the_mode_5_iv_from_the_long_header_address_not_the_link_layer() throws DecodingException {
        byte[] frame = WmbusFrameWriter.from(REPEATER).longHeader(METER).accessNumber(7).records(RECORDS).mode5(KEY)
                .build();

        WmbusTelegram telegram = WmbusDecoder.decode(frame, KEYS);

        assertThat(telegram.link()).isEqualTo(REPEATER);
        assertThat(telegram.meter()).isEqualTo(METER);
        assertThat(telegram.ci()).isEqualTo(0x72);
        assertThat(volume(telegram)).isEqualByComparingTo("12.345");
        assertThatThrownBy(() -> WmbusDecoder.decode(frame, WmbusKeys.of(Map.of("87654321", KEY))))
                .hasMessageStartingWith("no key for meter 12345678");
        byte[] otherLink = frame.clone();
        otherLink[4] ^= 0x01; // the link id: not part of the IV with a long header
        assertThat(WmbusDecoder.decode(otherLink, KEYS).records()).isEqualTo(telegram.records());
        byte[] otherMeter = frame.clone();
        otherMeter[15] ^= 0x01; // the header's manufacturer: the first IV byte, so the first plaintext byte
        assertThatThrownBy(() -> WmbusDecoder.decode(otherMeter, KEYS)).hasMessageContaining("no 2F 2F");
    }

    @Test
    void decodes_mode_7_after_checking_the_afl_mac() throws DecodingException {
        byte[] frame = meter().mode7(KEY, 0x000A0B0CL).build();

        WmbusTelegram telegram = WmbusDecoder.decode(frame, KEYS);

        assertThat(HEX.formatHex(frame, 10, 19)).as("AFL CI, AFLL, FCL, MCL, MCR").isEqualTo("900f002c250c0b0a00");
        assertThat(telegram.securityMode()).isEqualTo(7);
        assertThat(volume(telegram)).isEqualByComparingTo("12.345");
        assertThatThrownBy(() -> WmbusDecoder.decode(frame, WmbusKeys.of(Map.of("12345678", OTHER_KEY))))
                .isInstanceOf(DecodingException.class).hasMessageMatching(
                        "the AFL MAC is [0-9A-F]{16}, computed [0-9A-F]{16} with the key for 12345678 "
                                + "\\(wrong key or damaged telegram\\) at byte offset 19");
        byte[] counter = frame.clone();
        counter[15] ^= 0x01; // MCR: changes both derived keys and the MAC input
        assertThatThrownBy(() -> WmbusDecoder.decode(counter, KEYS)).hasMessageContaining("the AFL MAC is");
        byte[] status = frame.clone();
        status[29] ^= 0x04; // ST of the TPL, covered by the MAC
        assertThatThrownBy(() -> WmbusDecoder.decode(status, KEYS)).hasMessageContaining("the AFL MAC is");
    }

    @Test
    void decodes_kamstrup_style_ell_aes_ctr_and_refuses_a_wrong_key_by_the_payload_crc()
            throws DecodingException {
        byte[] frame = meter().noHeader().ellCtr(KEY, 0x20, 0x0123456).build();

        WmbusTelegram telegram = WmbusDecoder.decode(frame, KEYS);

        assertThat(frame[10]).isEqualTo((byte) 0x8D);
        assertThat(telegram.ellEncrypted()).isTrue();
        assertThat(telegram.encrypted()).isTrue();
        assertThat(telegram.securityMode()).isZero();
        assertThat(telegram.accessNumber()).isEqualTo(0x42);
        assertThat(volume(telegram)).isEqualByComparingTo("12.345");
        assertThatThrownBy(() -> WmbusDecoder.decode(frame, WmbusKeys.of(Map.of("12345678", OTHER_KEY))))
                .isInstanceOf(DecodingException.class).hasMessageMatching("decryption with the key for 12345678 "
                        + "failed: ELL payload CRC is [0-9A-F]{4}h, computed [0-9A-F]{4}h over bytes 19\\.\\.28 "
                        + "\\(wrong key\\?\\) at byte offset 17");
        assertThatThrownBy(() -> WmbusDecoder.decode(frame, WmbusKeys.none()))
                .hasMessageStartingWith("no key for meter 12345678 (encrypted, ELL AES-CTR)");
    }

    @Test
    void checks_the_payload_crc_of_an_unencrypted_ell_8d() throws DecodingException {
        byte[] plain = meter().noHeader().build();
        byte[] payload = java.util.Arrays.copyOfRange(plain, 10, plain.length);
        int crc = org.meternode.hal.meter.Crc16.en13757(payload, 0, payload.length);
        // CI 8Dh, CC 20h, ACC 42h, SN 0 (bits 29-31: no encryption), payload CRC least significant byte first
        byte[] ell = {(byte) 0x8D, 0x20, 0x42, 0, 0, 0, 0, (byte) crc, (byte) (crc >> 8)};
        byte[] frame = org.meternode.hal.meter.Mutator.concat(org.meternode.hal.meter.Mutator.concat(
                java.util.Arrays.copyOf(plain, 10), ell), payload);
        frame[0] = (byte) (frame.length - 1);

        WmbusTelegram telegram = WmbusDecoder.decode(frame, WmbusKeys.none());

        assertThat(telegram.ellEncrypted()).isFalse();
        assertThat(telegram.encrypted()).isFalse();
        assertThat(volume(telegram)).isEqualByComparingTo("12.345");
        frame[frame.length - 1] ^= 0x01;
        assertThatThrownBy(() -> WmbusDecoder.decode(frame, WmbusKeys.none())).isInstanceOf(ChecksumException.class)
                .hasMessageMatching("ELL payload CRC is [0-9A-F]{4}h, computed [0-9A-F]{4}h over bytes 19\\.\\.28 "
                        + "at byte offset 17");
    }

    @Test
    void decodes_ell_then_mode_5_as_some_meters_send() throws DecodingException {
        byte[] frame = meter().ell(0x20).mode5(KEY).build();

        WmbusTelegram telegram = WmbusDecoder.decode(frame, KEYS);

        assertThat(telegram.ellEncrypted()).isFalse();
        assertThat(telegram.securityMode()).isEqualTo(5);
        assertThat(volume(telegram)).isEqualByComparingTo("12.345");
    }

    @ParameterizedTest
    @EnumSource(value = LinkCrc.class, names = {"NONE", "FORMAT_A", "FORMAT_B"})
    void detects_and_checks_each_crc_format(LinkCrc format) throws DecodingException {
        byte[] frame = meter().mode5(KEY).crc(format).build();

        assertThat(volume(WmbusDecoder.decode(frame, format, KEYS))).isEqualByComparingTo("12.345");
        assertThat(volume(WmbusDecoder.decode(frame, LinkCrc.DETECT, KEYS))).isEqualByComparingTo("12.345");
        assertThat(WmbusDecoder.withoutCrcs(frame, format)).isEqualTo(meter().mode5(KEY).build());
    }

    @Test
    void lays_out_format_a_blocks_and_names_the_block_whose_crc_fails() {
        byte[] frame = meter().mode5(KEY).crc(LinkCrc.FORMAT_A).build();
        // 31 bytes without CRCs: block 1 (10), block 2 (16), block 3 (5), each followed by 2 CRC bytes
        assertThat(frame).hasSize(31 + 6);
        frame[20] ^= 0x01;

        assertThatThrownBy(() -> WmbusDecoder.decode(frame, LinkCrc.FORMAT_A, KEYS))
                .isInstanceOf(ChecksumException.class)
                .hasMessageMatching("CRC of block 2 \\(bytes 12\\.\\.27\\) is [0-9A-F]{4}h, expected [0-9A-F]{4}h "
                        + "at byte offset 28");
    }

    @Test
    void checks_both_crcs_of_a_long_format_b_frame() throws DecodingException {
        byte[] records = new byte[0];
        for (int i = 0; i < 20; i++) {
            records = org.meternode.hal.meter.Mutator.concat(records, RECORDS); // 180 bytes of records
        }
        byte[] frame = meter().records(records).crc(LinkCrc.FORMAT_B).build();

        assertThat(frame).hasSize(10 + 5 + 180 + 4);
        assertThat(frame[0] & 0xFF).as("L counts both CRCs").isEqualTo(frame.length - 1);
        assertThat(WmbusDecoder.decode(frame, WmbusKeys.none()).records()).hasSize(40);
        byte[] late = frame.clone();
        late[150] ^= 0x10;
        assertThatThrownBy(() -> WmbusDecoder.decode(late, LinkCrc.FORMAT_B, WmbusKeys.none()))
                .isInstanceOf(ChecksumException.class).hasMessageStartingWith("CRC of block 2 (bytes 128..196)");
        byte[] early = frame.clone();
        early[50] ^= 0x10;
        assertThatThrownBy(() -> WmbusDecoder.decode(early, LinkCrc.FORMAT_B, WmbusKeys.none()))
                .isInstanceOf(ChecksumException.class).hasMessageStartingWith("CRC of block 1 (bytes 0..125)");
    }

    @Test
    void refuses_an_l_field_longer_than_the_frame_and_bytes_beyond_it() {
        byte[] frame = meter().build();
        byte[] longer = frame.clone();
        longer[0] = 46;
        byte[] trailing = org.meternode.hal.meter.Mutator.concat(frame, new byte[] {0x00});

        assertThatThrownBy(() -> WmbusDecoder.decode(longer, LinkCrc.NONE, WmbusKeys.none()))
                .hasMessage("L-field says 46 bytes, 47 in all, the frame has 24 at byte offset 0");
        assertThatThrownBy(() -> WmbusDecoder.decode(longer, WmbusKeys.none()))
                .hasMessage("L-field says 46 bytes, the frame has 23 at byte offset 0");
        assertThatThrownBy(() -> WmbusDecoder.decode(trailing, LinkCrc.NONE, WmbusKeys.none()))
                .hasMessage("the frame has 25 bytes, L-field 23 makes 24: the rest is not part of it at byte offset 24");
    }

    @Test
    void refuses_what_it_does_not_read_with_a_reason() {
        byte[] compact = meter().noHeader().build();
        compact[10] = 0x79; // Kamstrup compact frame: needs the meter's format signature table
        byte[] fragmented = meter().mode7(KEY, 1).build();
        fragmented[13] |= 0x40; // FCL: more fragments
        byte[] mode13 = meter().build();
        mode13[14] = 0x0D; // CW: security mode 13 (TLS)

        assertThatThrownBy(() -> WmbusDecoder.decode(compact, WmbusKeys.none()))
                .hasMessageStartingWith("CI 79h is not a wireless M-Bus data telegram");
        assertThatThrownBy(() -> WmbusDecoder.decode(fragmented, KEYS))
                .hasMessageContaining("fragmented messages are not supported");
        assertThatThrownBy(() -> WmbusDecoder.decode(mode13, KEYS))
                .hasMessageStartingWith("security mode 13 (configuration word 0D00h) is not supported");
    }

    @Test
    void the_writer_and_decoder_agree_on_every_layer_combination() throws DecodingException {
        List<WmbusFrameWriter> writers = List.of(meter(), meter().mode5(KEY), meter().mode7(KEY, 99),
                meter().ell(0x20).mode7(KEY, 5), meter().noHeader().ellCtr(KEY, 0x30, 77),
                meter().ellCtr(KEY, 0x20, 1).mode5(KEY), WmbusFrameWriter.from(REPEATER).longHeader(METER)
                        .records(RECORDS).mode7(KEY, 3));
        for (WmbusFrameWriter writer : writers) {
            for (LinkCrc crc : List.of(LinkCrc.NONE, LinkCrc.FORMAT_A, LinkCrc.FORMAT_B)) {
                byte[] frame = writer.crc(crc).build();
                assertThat(volume(WmbusDecoder.decode(frame, crc, KEYS))).as(HEX.formatHex(frame))
                        .isEqualByComparingTo("12.345");
            }
        }
    }
}
