package org.meternode.board.pi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;

class PiPowerMonitorTest {
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
    void opening_writes_configuration_and_calibration_to_the_chip() throws Exception {
        chips.board.powerMonitor("battery", "ina219", 0.1, 3.2);
        // 32 V bus, ±320 mV shunt, 12-bit continuous; Cal = trunc(0.04096 / (3.2/32768 × 0.1)) = 4194.
        assertThat(chips.ina219.register(0)).isEqualTo(0x399F);
        assertThat(chips.ina219.register(5)).isEqualTo(4194 & 0xFFFE);
    }

    @Test
    void errors_name_the_channel_and_the_input() {
        assertThatThrownBy(() -> chips.board.powerMonitor("battery", "ina219@0x45", 0.1, 3.2))
                .isInstanceOf(BoardException.class)
                .hasMessage("channel 'battery': power monitor input 'ina219@0x45': INA219 at I2C bus 1 address 0x45 did"
                        + " not answer (INA219 at I2C 0x45: writing configuration and calibration failed: i2c-1: no ACK"
                        + " from address 0x45 (chip absent, unpowered or on another address))");
        assertThatThrownBy(() -> chips.board.powerMonitor("battery", "ina219@0x50", 0.1, 3.2))
                .hasMessage("channel 'battery': power monitor input 'ina219@0x50': INA219 address must be 0x40..0x4F"
                        + " (A0/A1 straps)");
        assertThatThrownBy(() -> chips.board.powerMonitor("battery", "ina219@0x40", 0.1, 20))
                .hasMessageStartingWith("channel 'battery': power monitor input 'ina219@0x40': INA219: a shunt drop of");
    }

    @Test
    void a_refused_monitor_is_not_left_claimed_and_a_second_claim_names_both() throws Exception {
        assertThatThrownBy(() -> chips.board.powerMonitor("battery", "ina219@0x40", 0.1, 20));
        chips.board.powerMonitor("battery", "ina219@0x40", 0.1, 3.2);
        assertThatThrownBy(() -> chips.board.powerMonitor("solar", "ina219@0x40", 0.1, 3.2))
                .hasMessageContaining("channel 'solar'").hasMessageContaining("channel 'battery'");
    }

    @Test
    void an_ina219_on_the_address_of_an_ads1115_names_the_other_channel() throws Exception {
        chips.board.analogChannel("mains", "ads1115@0x48/A0");
        chips.board.analogChannel("voltage", "ads1115@0x48/A1"); // the same chip again: fine

        assertThatThrownBy(() -> chips.board.powerMonitor("battery", "ina219@0x48", 0.1, 3.2))
                .isInstanceOf(BoardException.class)
                .hasMessage("channel 'battery': INA219 at I2C address 0x48: that address is already the ADS1115 of"
                        + " channel 'mains'");
        assertThatThrownBy(() -> chips.board.analogChannel("other", "ads1115@0x40/A0"))
                .isInstanceOf(BoardException.class).hasMessageContaining("0x40");
    }
}
