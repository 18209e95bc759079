package org.meternode.hal.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.meternode.hal.bus.fake.FakeI2cBus.Entry.read;
import static org.meternode.hal.bus.fake.FakeI2cBus.Entry.write;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.meternode.hal.bus.I2cNackException;
import org.meternode.hal.chip.model.Ads1115Model;
import org.meternode.hal.bus.fake.FakeI2cBus;
import org.meternode.hal.bus.fake.VirtualSleeper;
import org.meternode.hal.chip.Ads1115.DataRate;
import org.meternode.hal.chip.Ads1115.Gain;
import org.meternode.hal.chip.Ads1115.Input;
import org.meternode.hal.chip.Ads1115.Mode;

class Ads1115Test {
    private static final int ADDR = 0x48;

    private final VirtualSleeper time = new VirtualSleeper();
    private final FakeI2cBus bus = new FakeI2cBus();
    private final Ads1115Model chip = bus.attach(ADDR, new Ads1115Model(time.clock()));

    private Ads1115 adc(Gain gain, DataRate rate) {
        return new Ads1115(bus, ADDR, gain, rate, time);
    }

    @Test
    void single_shot_ain0_at_4v096_and_860_sps_writes_config_C3_E3_and_reads_the_result() throws IOException {
        chip.setInput(0, 1.0);

        Ads1115.Conversion c = adc(Gain.FSR_4V096, DataRate.SPS_860).convert(Input.AIN0);

        // Config register, datasheet SBAS444 config register table, MSB first:
        //   OS=1 (start single conversion) | MUX=100 (AINP=AIN0, AINN=GND) | PGA=001 (±4.096 V) | MODE=1 (single-shot)
        //   = 1 100 001 1 = 0xC3
        //   DR=111 (860 SPS) | COMP_MODE=0 | COMP_POL=0 | COMP_LAT=0 | COMP_QUE=11 (comparator off)
        //   = 111 0 0 0 11 = 0xE3
        // Pointer byte 0x01 selects the config register, 0x00 the conversion register.
        // 1.0 V / 125 µV = 8000 = 0x1F40.
        assertThat(bus.log()).containsExactly(
                write(ADDR, 0x01, 0xC3, 0xE3),
                write(ADDR, 0x01), read(ADDR, 0xC3, 0xE3),   // OS reads 1: conversion done
                write(ADDR, 0x00), read(ADDR, 0x1F, 0x40));
        assertThat(c.code()).isEqualTo(8000);
        assertThat(c.volts()).isEqualTo(1.0);
        assertThat(c.clipped()).isFalse();
    }

    @Test
    void config_word_follows_the_datasheet_field_layout() {
        Ads1115 adc = adc(Gain.FSR_2V048, DataRate.SPS_128);
        // With OS set, AIN0/AIN1 single-shot at ±2.048 V and 128 SPS is the reset value 0x8583.
        assertThat(adc.configWord(Input.AIN0_AIN1, Mode.SINGLE_SHOT) | 0x8000).isEqualTo(0x8583);
        // AIN3 (111), ±0.256 V (101), continuous (0), 8 SPS (000), comparator off (11).
        assertThat(adc(Gain.FSR_0V256, DataRate.SPS_8).configWord(Input.AIN3, Mode.CONTINUOUS))
                .isEqualTo(0b0_111_101_0_000_0_0_0_11);
    }

    @Test
    void waits_one_conversion_time_before_the_first_poll() throws IOException {
        Instant start = time.now();
        adc(Gain.FSR_4V096, DataRate.SPS_8).convert(Input.AIN1);
        assertThat(Duration.between(start, time.now())).isEqualTo(Duration.ofMillis(125));
        assertThat(bus.log()).filteredOn(e -> e.equals(write(ADDR, 0x01))).hasSize(1);
    }

    @Test
    void polls_config_until_OS_reads_1_when_the_chip_is_busy_longer() throws IOException {
        chip.setInput(2, 0.5).holdBusyForPolls(3);

        double volts = adc(Gain.FSR_4V096, DataRate.SPS_860).readVolts(Input.AIN2);

        // MUX=110 (AIN2) -> 0xE3 with OS=1, 0x63 while busy (OS=0).
        assertThat(bus.log()).containsExactly(
                write(ADDR, 0x01, 0xE3, 0xE3),
                write(ADDR, 0x01), read(ADDR, 0x63, 0xE3),
                write(ADDR, 0x01), read(ADDR, 0x63, 0xE3),
                write(ADDR, 0x01), read(ADDR, 0x63, 0xE3),
                write(ADDR, 0x01), read(ADDR, 0xE3, 0xE3),
                write(ADDR, 0x00), read(ADDR, 0x0F, 0xA0)); // 0.5 V / 125 µV = 4000
        assertThat(volts).isEqualTo(0.5);
    }

    @Test
    void a_slow_oscillator_costs_one_more_poll() throws IOException {
        chip.setInput(0, 1.0).oscillatorFactor(1.1); // datasheet: internal oscillator ±10%
        assertThat(adc(Gain.FSR_4V096, DataRate.SPS_128).readVolts(Input.AIN0)).isEqualTo(1.0);
        assertThat(bus.log()).filteredOn(e -> e.equals(write(ADDR, 0x01))).hasSize(2);
    }

    @Test
    void gives_up_after_a_bounded_number_of_polls_naming_chip_address_and_input() {
        chip.holdBusyForPolls(1000);
        Ads1115 adc = adc(Gain.FSR_4V096, DataRate.SPS_860);

        assertThatThrownBy(() -> adc.convert(Input.AIN3))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ADS1115 at I2C 0x48")
                .hasMessageContaining("AIN3")
                .hasMessageContaining("not ready after " + Ads1115.MAX_POLLS + " polls");
        assertThat(bus.log()).filteredOn(e -> e.equals(write(ADDR, 0x01))).hasSize(Ads1115.MAX_POLLS);
    }

    @Test
    void differential_pair_below_zero_reads_a_negative_twos_complement_code() throws IOException {
        chip.setInput(0, 1.0).setInput(1, 1.5);

        Ads1115.Conversion c = adc(Gain.FSR_4V096, DataRate.SPS_860).convert(Input.AIN0_AIN1);

        // MUX=000 (AIN0-AIN1): 1 000 001 1 = 0x83. -0.5 V / 125 µV = -4000 = 0xF060.
        assertThat(bus.log().get(0)).isEqualTo(write(ADDR, 0x01, 0x83, 0xE3));
        assertThat(bus.log().get(bus.log().size() - 1)).isEqualTo(read(ADDR, 0xF0, 0x60));
        assertThat(c.code()).isEqualTo(-4000);
        assertThat(c.volts()).isEqualTo(-0.5);
    }

    @Test
    void differential_pairs_against_ain3_select_their_mux_codes() throws IOException {
        chip.setInput(0, 2.0).setInput(1, 1.0).setInput(2, 0.25).setInput(3, 0.5);
        Ads1115 adc = adc(Gain.FSR_4V096, DataRate.SPS_860);

        assertThat(adc.readVolts(Input.AIN0_AIN3)).isEqualTo(1.5);
        assertThat(adc.readVolts(Input.AIN1_AIN3)).isEqualTo(0.5);
        assertThat(adc.readVolts(Input.AIN2_AIN3)).isEqualTo(-0.25);
    }

    @Test
    void the_same_input_scales_by_each_gains_full_scale_range() throws IOException {
        chip.setInput(0, 0.2);
        // (gain, expected code) from code = round(0.2 V / (FSR / 32768)), datasheet FSR/LSB table.
        assertThat(adc(Gain.FSR_6V144, DataRate.SPS_860).convert(Input.AIN0).code()).isEqualTo(1067);  // 187.5 µV
        assertThat(adc(Gain.FSR_4V096, DataRate.SPS_860).convert(Input.AIN0).code()).isEqualTo(1600);  // 125 µV
        assertThat(adc(Gain.FSR_2V048, DataRate.SPS_860).convert(Input.AIN0).code()).isEqualTo(3200);  // 62.5 µV
        assertThat(adc(Gain.FSR_1V024, DataRate.SPS_860).convert(Input.AIN0).code()).isEqualTo(6400);  // 31.25 µV
        assertThat(adc(Gain.FSR_0V512, DataRate.SPS_860).convert(Input.AIN0).code()).isEqualTo(12800); // 15.625 µV
        assertThat(adc(Gain.FSR_0V256, DataRate.SPS_860).convert(Input.AIN0).code()).isEqualTo(25600); // 7.8125 µV
        for (Gain g : Gain.values()) {
            assertThat(adc(g, DataRate.SPS_860).readVolts(Input.AIN0)).as("%s", g).isCloseTo(0.2, within(g.lsbVolts()));
        }
    }

    @Test
    void an_input_beyond_full_scale_clips_at_7FFF_and_says_so() throws IOException {
        chip.setInput(0, 1.0);
        Ads1115.Conversion c = adc(Gain.FSR_0V256, DataRate.SPS_860).convert(Input.AIN0);
        assertThat(c.code()).isEqualTo(0x7FFF);
        assertThat(c.clipped()).isTrue();
        assertThat(c.volts()).isCloseTo(0.256, within(Gain.FSR_0V256.lsbVolts()));
    }

    @Test
    void continuous_mode_writes_MODE_0_once_then_reads_one_fresh_conversion_per_period() throws IOException {
        chip.setInput(0, 1.0);
        Ads1115 adc = adc(Gain.FSR_4V096, DataRate.SPS_860);
        Instant start = time.now();

        adc.startContinuous(Input.AIN0);
        double first = adc.readContinuous().volts();
        chip.setInput(0, 2.0);
        double second = adc.readContinuous().volts();

        // OS=0 (no effect), MUX=100, PGA=001, MODE=0 (continuous): 0 100 001 0 = 0x42; 0xE3 as before.
        assertThat(bus.log()).containsExactly(
                write(ADDR, 0x01, 0x42, 0xE3),
                write(ADDR, 0x00), read(ADDR, 0x1F, 0x40),
                write(ADDR, 0x00), read(ADDR, 0x3E, 0x80));
        assertThat(first).isEqualTo(1.0);
        assertThat(second).isEqualTo(2.0);
        assertThat(Duration.between(start, time.now())).isEqualTo(DataRate.SPS_860.conversionTime().multipliedBy(2));
        assertThat(chip.isContinuous()).isTrue();
    }

    @Test
    void a_late_continuous_read_takes_the_latest_conversion_without_waiting() throws IOException {
        Ads1115 adc = adc(Gain.FSR_4V096, DataRate.SPS_128);
        adc.startContinuous(Input.AIN0);
        time.advance(Duration.ofSeconds(1));
        Instant before = time.now();
        adc.readContinuous();
        assertThat(time.now()).isEqualTo(before);
    }

    @Test
    void stopping_continuous_mode_writes_MODE_1_and_a_single_shot_afterwards_is_not_ignored() throws IOException {
        chip.setInput(0, 1.0).setInput(1, 3.0);
        Ads1115 adc = adc(Gain.FSR_4V096, DataRate.SPS_860);
        adc.startContinuous(Input.AIN0);
        adc.readContinuous();

        assertThat(adc.readVolts(Input.AIN1)).isEqualTo(3.0);

        assertThat(bus.log()).contains(write(ADDR, 0x01, 0x43, 0xE3)); // same fields, MODE=1, OS=0
        assertThat(chip.ignoredStarts()).isZero();
        assertThat(chip.isContinuous()).isFalse();
    }

    @Test
    void reading_continuous_before_starting_is_a_programming_error() {
        assertThatThrownBy(() -> adc(Gain.FSR_4V096, DataRate.SPS_860).readContinuous())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("0x48");
    }

    @Test
    void channels_report_the_data_rate_and_switch_the_chip_between_inputs() throws IOException {
        chip.setInput(0, 1.0).setInput(1, 2.0);
        Ads1115 adc = adc(Gain.FSR_4V096, DataRate.SPS_475);
        var a0 = adc.channel(Input.AIN0, Mode.CONTINUOUS);
        var a1 = adc.channel(Input.AIN1, Mode.CONTINUOUS);

        assertThat(a0.samplesPerSecond()).isEqualTo(475);
        assertThat(a0.readVolts()).isEqualTo(1.0);
        assertThat(a1.readVolts()).isEqualTo(2.0);
        assertThat(a0.readVolts()).isEqualTo(1.0);
        assertThat(a0.toString()).contains("ADS1115 at I2C 0x48", "AIN0");
    }

    @Test
    void an_absent_chip_is_an_IOException_naming_chip_address_and_the_step() {
        Ads1115 adc = new Ads1115(bus, 0x49, Gain.FSR_4V096, DataRate.SPS_860, time);

        assertThatThrownBy(() -> adc.convert(Input.AIN0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ADS1115 at I2C 0x49")
                .hasMessageContaining("starting a single-shot conversion of AIN0")
                .hasMessageContaining("no ACK from address 0x49")
                .hasCauseInstanceOf(I2cNackException.class);
    }

    @Test
    void rejects_an_address_the_ADDR_pin_cannot_select() {
        assertThatThrownBy(() -> new Ads1115(bus, 0x40, Gain.FSR_4V096, DataRate.SPS_860))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x40");
    }
}
