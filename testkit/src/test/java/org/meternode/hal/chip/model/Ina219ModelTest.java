package org.meternode.hal.chip.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.meternode.hal.bus.fake.FakeI2cBus;

/** The INA219 model against the datasheet's own numbers, without any driver. */
class Ina219ModelTest {
    private final FakeI2cBus bus = new FakeI2cBus();
    private final Ina219Model chip = bus.attach(0x40, new Ina219Model());

    @Test
    void reproduces_the_datasheet_configure_measure_calculate_table() throws IOException {
        assertThat(bus.readRegister16(0x40, 0x00)).as("reset config").isEqualTo(0x399F);
        bus.writeRegister16(0x40, 0x00, 0x019F);
        bus.writeRegister16(0x40, 0x05, 0x5000);
        chip.setShuntVolts(0.020).setBusVolts(11.98);

        assertThat(bus.readRegister16(0x40, 0x01)).as("shunt").isEqualTo(0x07D0);
        assertThat(bus.readRegister16(0x40, 0x02) & ~0b11).as("bus without flags").isEqualTo(0x5D98);
        assertThat(bus.readRegister16(0x40, 0x04)).as("current").isEqualTo(0x2710);
        assertThat(bus.readRegister16(0x40, 0x03)).as("power").isEqualTo(0x1766);
    }

    @Test
    void current_and_power_read_zero_until_calibrated() throws IOException {
        chip.setShuntVolts(0.1).setBusVolts(12);
        assertThat(bus.readRegister16(0x40, 0x04)).isZero();
        assertThat(bus.readRegister16(0x40, 0x03)).isZero();
        assertThat(bus.readRegister16(0x40, 0x01)).isEqualTo(10000); // 100 mV in the default ±320 mV range
    }

    @Test
    void cnvr_is_set_by_a_conversion_and_cleared_by_reading_power() throws IOException {
        chip.setBusVolts(5);
        assertThat(bus.readRegister16(0x40, 0x02) & 0b10).isNotZero();
        bus.readRegister16(0x40, 0x03);
        assertThat(bus.readRegister16(0x40, 0x02) & 0b10).isZero();
    }

    @Test
    void shunt_clips_at_the_pga_range_and_bus_at_its_full_scale() throws IOException {
        bus.writeRegister16(0x40, 0x00, 0x019F); // ±40 mV, 16 V
        chip.setShuntVolts(-0.1).setBusVolts(20);
        assertThat((short) bus.readRegister16(0x40, 0x01)).isEqualTo((short) -4000);
        assertThat(bus.readRegister16(0x40, 0x02) >> 3).isEqualTo(4000);
    }

    @Test
    void reset_bit_restores_power_on_values() throws IOException {
        bus.writeRegister16(0x40, 0x05, 0x1234);
        bus.writeRegister16(0x40, 0x00, 0x8000);
        assertThat(bus.readRegister16(0x40, 0x00)).isEqualTo(0x399F);
        assertThat(bus.readRegister16(0x40, 0x05)).isZero();
    }
}
