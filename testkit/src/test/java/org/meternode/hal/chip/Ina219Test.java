package org.meternode.hal.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.meternode.hal.bus.fake.FakeI2cBus.Entry.read;
import static org.meternode.hal.bus.fake.FakeI2cBus.Entry.write;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.meternode.hal.bus.I2cNackException;
import org.meternode.hal.bus.fake.FakeI2cBus;
import org.meternode.hal.chip.model.Ina219Model;
import org.meternode.hal.chip.Ina219.BusRange;
import org.meternode.hal.chip.Ina219.Calibration;
import org.meternode.hal.chip.Ina219.ShuntRange;

class Ina219Test {
    private static final int ADDR = 0x40;

    private final FakeI2cBus bus = new FakeI2cBus();
    private final Ina219Model chip = bus.attach(ADDR, new Ina219Model());

    @Test
    void datasheet_example_calibration_is_20480() {
        // SBOS448 "Configure/Measure/Calculate Example": R_SHUNT = 2 mΩ, Current_LSB chosen 1 mA.
        // Cal = trunc(0.04096 / (0.001 A × 0.002 Ω)) = 20480 = 0x5000; Power_LSB = 20 × 1 mA = 20 mW.
        Calibration cal = new Calibration(0.002, 0.001);
        assertThat(cal.register()).isEqualTo(20480);
        assertThat(cal.powerLsbWatts()).isCloseTo(0.020, within(1e-15));
    }

    @Test
    void datasheet_example_register_traffic_and_readings() throws IOException {
        // Same example, table "Configure/Measure/Calculate Example": 10 A load, V_CM = 12 V, 2 mΩ shunt,
        // shunt FSR 40 mV, bus FSR 16 V. The shunt drops 20 mV, so IN- sits at 11.98 V.
        chip.setShuntVolts(0.020).setBusVolts(11.98);
        Ina219 ina = new Ina219(bus, ADDR, BusRange.V16, ShuntRange.MV40, new Calibration(0.002, 0.001));

        Ina219.Reading r = ina.read();

        assertThat(bus.log()).containsExactly(
                write(ADDR, 0x00, 0x01, 0x9F),  // step 1: configuration 019Fh
                write(ADDR, 0x05, 0x50, 0x00),  // step 4: calibration 5000h
                write(ADDR, 0x02), read(ADDR, 0x5D, 0x9A), // step 3: bus 5D98h (2995 × 4 mV) + CNVR (bit 1)
                write(ADDR, 0x01), read(ADDR, 0x07, 0xD0), // step 2: shunt 07D0h = 2000 × 10 µV
                write(ADDR, 0x04), read(ADDR, 0x27, 0x10), // step 5: current 2710h = 10000 × 1 mA
                write(ADDR, 0x03), read(ADDR, 0x17, 0x66)); // step 6: power 1766h = 5990 × 20 mW
        assertThat(r.busVolts()).isCloseTo(11.98, within(1e-9));
        assertThat(r.shuntVolts()).isCloseTo(0.020, within(1e-9));
        assertThat(r.amps()).isCloseTo(10.0, within(1e-9));
        assertThat(r.watts()).isCloseTo(119.8, within(1e-9));
        // The four readings come from one bus transaction, so they belong together.
        assertThat(bus.transactions().get(bus.transactions().size() - 1)).hasSize(8);
    }

    @Test
    void max_expected_current_sets_current_lsb_calibration_and_shunt_range() throws IOException {
        // A common breakout: 0.1 Ω shunt, up to 3.2 A. Current_LSB = 3.2 A / 2^15 = 97.65625 µA (equation 2);
        // Cal = trunc(0.04096 / (97.65625e-6 × 0.1)) = trunc(4194.304) = 4194 = 0x1062.
        // 3.2 A × 0.1 Ω = 320 mV needs PG = 11 (/8); with BRNG = 1 (32 V), 12-bit ADCs and MODE = 111 the
        // configuration is 0x399F, the chip's own reset value.
        Ina219 ina = new Ina219(bus, ADDR, 0.1, 3.2);
        chip.setShuntVolts(0.150).setBusVolts(5.0);

        double amps = ina.amps();

        assertThat(bus.log()).startsWith(write(ADDR, 0x00, 0x39, 0x9F), write(ADDR, 0x05, 0x10, 0x62));
        assertThat(ina.calibration().register()).isEqualTo(4194);
        assertThat(amps).isCloseTo(1.5, within(ina.calibration().effectiveCurrentLsbAmps()));
        assertThat(ina.busVolts()).isCloseTo(5.0, within(0.004));
        assertThat(ina.watts()).isCloseTo(7.5, within(ina.calibration().powerLsbWatts()));
    }

    @Test
    void chooses_the_narrowest_shunt_range_that_holds_the_expected_drop() {
        assertThat(ShuntRange.covering(0.030)).isEqualTo(ShuntRange.MV40);
        assertThat(ShuntRange.covering(0.041)).isEqualTo(ShuntRange.MV80);
        assertThat(ShuntRange.covering(0.160)).isEqualTo(ShuntRange.MV160);
        assertThat(ShuntRange.covering(-0.2)).isEqualTo(ShuntRange.MV320);
        assertThatThrownBy(() -> ShuntRange.covering(0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("320 mV");
    }

    @Test
    void reverse_current_reads_negative() throws IOException {
        chip.setShuntVolts(-0.005).setBusVolts(12.0);
        Ina219 ina = new Ina219(bus, ADDR, BusRange.V16, ShuntRange.MV40, new Calibration(0.002, 0.001));
        assertThat(ina.shuntVolts()).isCloseTo(-0.005, within(1e-9));
        assertThat(ina.amps()).isCloseTo(-2.5, within(1e-9));
    }

    @Test
    void an_odd_calibration_counts_as_the_chip_counts_it_without_bit_0() throws IOException {
        // 0.05 Ω, 2 A: Cal = trunc(0.04096 / (2/32768 × 0.05)) = trunc(13421.77) = 13421 (odd); the chip uses 13420.
        Ina219 ina = new Ina219(bus, ADDR, 0.05, 2.0);
        chip.setShuntVolts(0.050).setBusVolts(3.3);

        double amps = ina.amps();

        assertThat(bus.log()).contains(write(ADDR, 0x05, 0x34, 0x6D));
        assertThat(chip.register(0x05)).isEqualTo(13420);
        // Current register = trunc(5000 × 13420 / 4096) = 16381, worth 0.04096 / (13420 × 0.05) A each.
        assertThat(amps).isCloseTo(16381 * 0.04096 / (13420 * 0.05), within(1e-12));
    }

    @Test
    void math_overflow_is_an_IOException_naming_the_chip_not_a_wrong_current() throws IOException {
        // 0.1 Ω sized for 0.3 A, but 0.4 A flows: the 40 mV range saturates at 4000 and
        // 4000 × Cal / 4096 no longer fits the current register, so the chip sets OVF.
        Ina219 ina = new Ina219(bus, ADDR, 0.1, 0.3);
        chip.setShuntVolts(0.040).setBusVolts(12.0);

        assertThatThrownBy(ina::amps)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("INA219 at I2C 0x40")
                .hasMessageContaining("math overflow (OVF");
        assertThatThrownBy(ina::watts).hasMessageContaining("OVF");
        assertThatThrownBy(ina::busVolts).hasMessageContaining("OVF");
        assertThatThrownBy(ina::read).hasMessageContaining("OVF");
        assertThat(ina.shuntVolts()).isCloseTo(0.040, within(1e-9)); // the shunt register stays meaningful

        chip.setShuntVolts(0.020);
        assertThat(ina.amps()).isCloseTo(0.2, within(ina.calibration().effectiveCurrentLsbAmps()));
    }

    @Test
    void configures_once_before_the_first_reading() throws IOException {
        Ina219 ina = new Ina219(bus, ADDR, 0.1, 3.2);
        ina.busVolts();
        ina.busVolts();
        assertThat(bus.log()).filteredOn(e -> e.bytes().length == 3).hasSize(2);
    }

    @Test
    void an_absent_chip_is_an_IOException_naming_chip_address_and_step() {
        Ina219 ina = new Ina219(bus, 0x41, 0.1, 3.2);
        assertThatThrownBy(ina::read)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("INA219 at I2C 0x41")
                .hasMessageContaining("writing configuration and calibration")
                .hasMessageContaining("no ACK from address 0x41")
                .hasCauseInstanceOf(I2cNackException.class);
    }

    @Test
    void rejects_calibrations_the_register_cannot_hold_and_bad_addresses() {
        assertThatThrownBy(() -> new Calibration(0.0001, 1e-6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("409600");
        assertThatThrownBy(() -> new Ina219(bus, 0x50, 0.1, 3.2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x50");
        assertThatThrownBy(() -> new Ina219(bus, ADDR, 0.1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
