package org.meternode.hal.meter.wmbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.Crc16;
import org.meternode.hal.meter.DecodingException;

class WmbusAddressTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void decodes_manufacturer_id_version_and_type_in_link_order() throws DecodingException {
        // Kamstrup Multical 21 link header after L, C: 2D2C 99873476 1B 16
        WmbusAddress address = WmbusAddress.decodeLinkOrder(HEX.parseHex("2d2c998734761b16"), 0);

        assertThat(address).isEqualTo(new WmbusAddress("KAM", "76348799", 0x1B, 0x16));
        assertThat(address.medium()).isEqualTo("cold water");
        assertThat(HEX.formatHex(address.linkOrderBytes())).isEqualTo("2d2c998734761b16");
        assertThat(HEX.formatHex(address.headerOrderBytes())).isEqualTo("998734762d2c1b16");
    }

    @Test
    void decodes_the_long_header_order() throws DecodingException {
        WmbusAddress address = WmbusAddress.decodeHeaderOrder(HEX.parseHex("7856341277040307"), 0);

        assertThat(address).isEqualTo(new WmbusAddress("ACW", "12345678", 3, 7));
    }

    @Test
    void names_the_medium_of_common_device_types() {
        assertThat(new WmbusAddress("KAM", "12345678", 1, 0x07).medium()).isEqualTo("water");
        assertThat(new WmbusAddress("KAM", "12345678", 1, 0x04).medium()).isEqualTo("heat");
        assertThat(new WmbusAddress("KAM", "12345678", 1, 0x0C).medium()).isEqualTo("heat");
        assertThat(new WmbusAddress("KAM", "12345678", 1, 0x03).medium()).isEqualTo("gas");
        assertThat(new WmbusAddress("KAM", "12345678", 1, 0x06).medium()).isEqualTo("warm water");
        assertThat(new WmbusAddress("KAM", "12345678", 1, 0x08).medium()).isEqualTo("heat cost allocator");
        assertThat(new WmbusAddress("KAM", "12345678", 1, 0x02).medium()).isEqualTo("electricity");
        assertThat(new WmbusAddress("KAM", "12345678", 1, 0x3F).medium()).isEqualTo("reserved (3Fh)");
    }

    @Test
    void refuses_a_manufacturer_code_with_bit_15_set() {
        assertThatThrownBy(() -> WmbusAddress.decodeLinkOrder(HEX.parseHex("2dac998734761b16"), 0))
                .isInstanceOf(DecodingException.class).hasMessageContaining("manufacturer code AC2Dh has bit 15 set");
    }

    @Test
    void en13757_crc_has_the_catalogued_check_value() {
        // CRC-16/EN-13757 in the CRC catalogue: check value over "123456789" is C2B7h
        assertThat(Crc16.en13757("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 9))
                .isEqualTo(0xC2B7);
    }
}
