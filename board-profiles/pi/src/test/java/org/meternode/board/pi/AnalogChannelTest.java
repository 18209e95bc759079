package org.meternode.board.pi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.meternode.hal.bus.fake.FakeI2cBus.Entry.read;
import static org.meternode.hal.bus.fake.FakeI2cBus.Entry.write;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.AnalogChannel;
import org.meternode.hal.BoardException;
import org.meternode.hal.chip.model.Ads1115Model;

class AnalogChannelTest {
    @TempDir
    Path stateDir;

    private ChipBoard chips;

    @BeforeEach
    void open() throws BoardException {
        chips = new ChipBoard(stateDir);
    }

    @AfterEach
    void close() {
        chips.close();
    }

    @Test
    void claiming_an_ads1115_input_probes_the_config_register_over_pi4j() throws Exception {
        chips.board.analogChannel("mains", "ads1115@0x48/A0");
        // Pointer to config, then its reset value 0x8583, as one combined message.
        assertThat(chips.i2c.log()).containsExactly(write(0x48, 0x01), read(0x48, 0x85, 0x83));
        assertThat(chips.i2cProvider().combinedMessages()).isEqualTo(1);
    }

    @Test
    void an_ads1115_that_does_not_answer_is_refused_at_claim_time_naming_channel_bus_and_address() {
        assertThatThrownBy(() -> chips.board.analogChannel("mains", "ads1115@0x49/A0"))
                .isInstanceOf(BoardException.class)
                .hasMessage("channel 'mains': ADS1115 at I2C bus 1 address 0x49 did not answer (i2c-1: no ACK from "
                        + "address 0x49 (chip absent, unpowered or on another address))");
    }

    @Test
    void a_refused_input_is_not_left_claimed() throws Exception {
        chips.i2c.detach(0x48);
        assertThatThrownBy(() -> chips.board.analogChannel("mains", "ads1115/A0")).isInstanceOf(BoardException.class);
        chips.i2c.attach(0x48, new Ads1115Model(chips.time.clock()));
        assertThat(chips.board.analogChannel("mains", "ads1115/A0")).isNotNull();
    }

    @Test
    void two_inputs_of_one_chip_share_the_driver_and_read_their_own_voltages() throws Exception {
        AnalogChannel a0 = chips.board.analogChannel("mains", "ads1115@0x48/A0");
        AnalogChannel a1 = chips.board.analogChannel("solar", "ADS1115@0x48/AIN1");
        chips.ads1115.setInput(0, 1.25).setInput(1, 2.5);
        double lsb = PiBoard.ADS1115_GAIN.lsbVolts();
        assertThat(a0.readVolts()).isCloseTo(1.25, within(lsb));
        assertThat(a1.readVolts()).isCloseTo(2.5, within(lsb));
        assertThat(a0.readVolts()).isCloseTo(1.25, within(lsb));
        assertThat(a0.samplesPerSecond()).isEqualTo(860);
    }

    @Test
    void an_input_claimed_twice_names_both_channels() throws Exception {
        chips.board.analogChannel("mains", "ads1115@0x48/A0");
        assertThatThrownBy(() -> chips.board.analogChannel("again", "ads1115/a0"))
                .hasMessage("channel 'again': input ads1115@0x48/A0 is already claimed by channel 'mains'");
    }

    @Test
    void an_mcp3008_reads_over_pi4j_spi_with_the_datasheet_frame() throws Exception {
        AnalogChannel ch3 = chips.board.analogChannel("pot", "mcp3008@0/ch3");
        chips.mcp3008.setInput(3, 1.65);
        assertThat(ch3.readVolts()).isCloseTo(1.65, within(3.3 / 1024));
        // Start bit, then SGL=1 and D2..D0 = 011 in the top nibble.
        assertThat(chips.spi0.log().getLast().mosiHex()).isEqualTo("01 B0 00");
    }

    @Test
    void an_mcp3008_without_chip_select_uses_the_option() throws Exception {
        assertThat(chips.board.analogChannel("pot", "mcp3008/ch3")).isNotNull();
        assertThatThrownBy(() -> chips.board.analogChannel("pot2", "mcp3008@0/ch3"))
                .hasMessage("channel 'pot2': input mcp3008@0/ch3 is already claimed by channel 'pot'");
    }

    @Test
    void an_mcp3008_with_a_floating_miso_is_refused_at_claim_time() {
        chips.spi0.disconnect();
        assertThatThrownBy(() -> chips.board.analogChannel("pot", "mcp3008@0/ch3"))
                .isInstanceOf(BoardException.class)
                .hasMessageStartingWith("channel 'pot': MCP3008 on SPI bus 0 chip select 0 did not answer (MCP3008 CH3: "
                        + "null bit not low");
    }

    @Test
    void malformed_inputs_name_channel_and_input() {
        assertThatThrownBy(() -> chips.board.analogChannel("mains", "ads1015@0x48/A0"))
                .hasMessage("channel 'mains': analog input 'ads1015@0x48/A0' is not understood; use ads1115@0x48/A0 (I2C) "
                        + "or mcp3008@0/ch3 (SPI)");
        assertThatThrownBy(() -> chips.board.analogChannel("mains", "ads1115@0x50/A0"))
                .hasMessage("channel 'mains': analog input 'ads1115@0x50/A0': ADS1115 address must be 0x48..0x4B "
                        + "(ADDR pin to GND, VDD, SDA or SCL)");
        assertThatThrownBy(() -> chips.board.analogChannel("mains", "ads1115@0x48/A4"))
                .hasMessage("channel 'mains': analog input 'ads1115@0x48/A4': ADS1115 inputs are A0..A3");
        assertThatThrownBy(() -> chips.board.analogChannel("pot", "mcp3008@0/ch8"))
                .hasMessage("channel 'pot': analog input 'mcp3008@0/ch8': MCP3008 channels are ch0..ch7");
        assertThatThrownBy(() -> chips.board.analogChannel("pot", "mcp3008@11/ch0"))
                .hasMessage("channel 'pot': analog input 'mcp3008@11/ch0': chip select must be 0..10");
    }

    @Test
    void buses_keep_channels_off_their_header_pins() throws Exception {
        chips.board.analogChannel("mains", "ads1115@0x48/A0");
        chips.board.analogChannel("pot", "mcp3008@0/ch3");
        assertThatThrownBy(() -> chips.board.digitalInput("door", "GPIO3"))
                .hasMessage("channel 'door': pin GPIO3 is already claimed by I2C bus 1");
        assertThatThrownBy(() -> chips.board.digitalInput("door", "GPIO10"))
                .hasMessage("channel 'door': pin GPIO10 is already claimed by SPI bus 0");
        assertThatThrownBy(() -> chips.board.digitalInput("door", "GPIO8"))
                .hasMessage("channel 'door': pin GPIO8 is already claimed by SPI bus 0 chip select 0");
        assertThat(chips.board.digitalInput("door", "GPIO7")).as("CE1 is free while chip select 1 is unused").isNotNull();
    }

    @Test
    void a_channel_on_a_bus_pin_keeps_the_bus_from_opening() throws Exception {
        chips.board.digitalInput("door", "GPIO2");
        assertThatThrownBy(() -> chips.board.analogChannel("mains", "ads1115@0x48/A0"))
                .hasMessage("channel 'mains': I2C bus 1: pin GPIO2 is already claimed by channel 'door'");
        assertThat(chips.i2c.log()).as("the bus was not touched").isEmpty();
    }
}
