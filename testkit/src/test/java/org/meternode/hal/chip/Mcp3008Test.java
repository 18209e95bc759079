package org.meternode.hal.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meternode.hal.bus.SpiBus;
import org.meternode.hal.bus.fake.FakeSpiBus;
import org.meternode.hal.chip.model.Mcp3008Model;
import org.meternode.hal.bus.fake.VirtualSleeper;
import org.meternode.hal.chip.Mcp3008.Pair;

class Mcp3008Test {
    private final Mcp3008Model chip = new Mcp3008Model(3.3);
    private final FakeSpiBus bus = new FakeSpiBus(chip);
    private final Mcp3008 adc = new Mcp3008(bus, 3.3, 1000, new VirtualSleeper());

    @ParameterizedTest(name = "CH{0} -> MOSI {1}")
    @CsvSource({
        "0, 01 80 00",
        "1, 01 90 00",
        "2, 01 A0 00",
        "3, 01 B0 00",
        "4, 01 C0 00",
        "5, 01 D0 00",
        "6, 01 E0 00",
        "7, 01 F0 00",
    })
    void single_ended_frame_is_start_bit_then_SGL_and_channel_then_padding(int channel, String mosi) throws IOException {
        // Datasheet figure 6-1: byte 1 = 7 leading zeros + start bit; byte 2 = SGL/DIFF=1, D2 D1 D0, 4 don't-care bits.
        adc.readCode(channel);
        assertThat(bus.log()).singleElement().satisfies(f -> assertThat(f.mosiHex()).isEqualTo(mosi));
    }

    @Test
    void result_is_assembled_from_the_low_two_bits_of_byte_2_and_all_of_byte_3() throws IOException {
        // 2.0 V of 3.3 V: floor(1024 * 2.0 / 3.3) = 620 = 0b10_0110_1100 = 0x26C.
        chip.setInput(0, 2.0);

        int code = adc.readCode(0);

        // MISO byte 2: five Hi-Z bits (1 here), the null bit 0, then B9 B8 = 10 -> 1111 1010 = 0xFA; byte 3 = 0x6C.
        assertThat(bus.log()).singleElement().satisfies(f -> assertThat(f.misoHex()).isEqualTo("FF FA 6C"));
        assertThat(code).isEqualTo(620);
        assertThat(adc.readVolts(0)).isCloseTo(620 * 3.3 / 1024, within(1e-12));
    }

    @Test
    void full_scale_and_zero_codes() throws IOException {
        chip.setInput(7, 3.3).setInput(6, 0.0);
        assertThat(adc.readCode(7)).isEqualTo(1023);
        assertThat(adc.readCode(6)).isZero();
    }

    @Test
    void differential_frame_has_SGL_0_and_the_pair_code() throws IOException {
        chip.setInput(2, 1.5).setInput(3, 0.5);

        int code = adc.readCode(Pair.CH2_CH3);

        // SGL/DIFF=0, D2..D0=010 (CH2 = IN+, CH3 = IN-), table 5-2: byte 2 = 0 010 0000 = 0x20.
        assertThat(bus.log()).singleElement().satisfies(f -> assertThat(f.mosiHex()).isEqualTo("01 20 00"));
        assertThat(code).isEqualTo((int) Math.floor(1024 * 1.0 / 3.3));
    }

    @Test
    void swapped_pair_reads_the_odd_channel_as_IN_plus() throws IOException {
        chip.setInput(4, 0.5).setInput(5, 1.5);
        assertThat(adc.readVolts(Pair.CH5_CH4)).isCloseTo(1.0, within(3.3 / 1024));
        assertThat(bus.log()).singleElement().satisfies(f -> assertThat(f.mosiHex()).isEqualTo("01 50 00"));
    }

    @Test
    void pseudo_differential_input_with_IN_plus_below_IN_minus_reads_zero() throws IOException {
        chip.setInput(0, 0.5).setInput(1, 1.5);
        assertThat(adc.readCode(Pair.CH0_CH1)).isZero();
    }

    @Test
    void a_floating_MISO_is_detected_by_the_null_bit_not_read_as_full_scale() {
        bus.disconnect();
        assertThatThrownBy(() -> adc.readCode(3))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("MCP3008 CH3")
                .hasMessageContaining("FF FF FF")
                .hasMessageContaining("null bit");
    }

    @Test
    void a_bus_failure_names_the_chip_and_input() {
        SpiBus broken = (out, in) -> {
            throw new IOException("/dev/spidev0.0: Input/output error");
        };
        Mcp3008 dead = new Mcp3008(broken, 3.3);
        assertThatThrownBy(() -> dead.readCode(Pair.CH6_CH7))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("MCP3008 CH6_CH7")
                .hasMessageContaining("/dev/spidev0.0")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void rejects_channels_outside_0_to_7_and_impossible_references() {
        assertThatThrownBy(() -> adc.readCode(8)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8");
        assertThatThrownBy(() -> adc.channel(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mcp3008(bus, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VREF");
    }

    @Test
    void model_follows_the_bit_level_protocol_with_leading_zeros_and_lsb_first_tail() {
        // Datasheet section 5: leading zeros before the start bit are allowed; after B0 the chip repeats
        // B1..B9 LSB first, then zeros. Start bit as the last bit of byte 0, SGL=1, CH1, then 4 bytes of clocks.
        chip.setInput(1, 3.3 * 0x2A5 / 1024 + 1e-6); // code 0x2A5 = 10 1010 0101
        byte[] miso = chip.exchange(new byte[] {0x00, 0x01, (byte) 0x90, 0x00, 0x00, 0x00});
        // Clocks 15 (start) .. : null at 21, B9..B0 at 22..31, B1..B9 at 32..40, zeros after.
        long bits = 0;
        for (byte b : miso) {
            bits = bits << 8 | (b & 0xFF);
        }
        int msbFirst = (int) (bits >>> (47 - 31)) & 0x3FF;
        int lsbFirstTail = (int) (bits >>> (47 - 40)) & 0x1FF;
        assertThat((bits >>> (47 - 21)) & 1).as("null bit").isZero();
        assertThat(msbFirst).isEqualTo(0x2A5);
        assertThat(Integer.reverse(lsbFirstTail) >>> 23).isEqualTo(0x2A5 >> 1); // B1..B9 reversed is B9..B1
        assertThat(bits & 0x7F).as("zeros after the tail").isZero();
    }
}
