package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meternode.app.config.ConfigTexts.parse;
import static org.meternode.app.config.ConfigTexts.problem;
import static org.meternode.app.config.ConfigTexts.withChannels;

import org.junit.jupiter.api.Test;

/** CT clamps with a measured voltage reference, and DC power monitors. */
class PowerChannelConfigTest {
    @Test
    void a_ct_clamp_with_a_voltage_reference() throws Exception {
        NodeConfig c = parse(withChannels("""
                  - id: mains
                    type: ct-clamp
                    input: ads1115@0x48/A0
                    ratio: "100A:50mA"
                    burden-ohm: 22
                    voltage-input: ads1115@0x48/A1
                    volts-per-volt: 287.5
                """)).config();

        CtClampChannelConfig ct = (CtClampChannelConfig) c.channels().get(0);
        assertThat(ct.voltage()).contains(new CtClampChannelConfig.VoltageInput("ads1115@0x48/A1", 287.5));
        assertThat(ct.volts()).isEmpty();
    }

    @Test
    void voltage_input_without_its_ratio_is_refused_where_it_is_written() {
        ConfigProblem p = problem(withChannels("""
                  - id: mains
                    type: ct-clamp
                    input: ads1115@0x48/A0
                    ratio: "100A:50mA"
                    burden-ohm: 22
                    voltage-input: ads1115@0x48/A1
                """));

        assertThat(p.key()).isEqualTo("channels[0].voltage-input");
        assertThat(p.line()).as("the voltage-input line").isEqualTo(12);
        assertThat(p.message()).contains("volts-per-volt");
    }

    @Test
    void nominal_and_measured_voltage_together_are_refused() {
        ConfigProblem p = problem(withChannels("""
                  - id: mains
                    type: ct-clamp
                    input: ads1115@0x48/A0
                    ratio: "100A:50mA"
                    burden-ohm: 22
                    volts: 230
                    voltage-input: ads1115@0x48/A1
                    volts-per-volt: 287.5
                """));

        assertThat(p.key()).isEqualTo("channels[0].volts");
        assertThat(p.message()).contains("not both");
    }

    @Test
    void a_voltage_input_used_by_another_channel_is_refused() {
        ConfigProblem p = problem(withChannels("""
                  - id: mains
                    type: ct-clamp
                    input: ads1115@0x48/A0
                    ratio: "100A:50mA"
                    burden-ohm: 22
                    voltage-input: ads1115@0x48/A0
                    volts-per-volt: 287.5
                """));

        assertThat(p.key()).isEqualTo("channels[0].voltage-input");
        assertThat(p.message()).contains("duplicate input 'ads1115@0x48/A0'");
    }

    @Test
    void a_dc_power_channel_with_defaults() throws Exception {
        NodeConfig c = parse(withChannels("""
                  - id: battery
                    type: dc-power
                    input: ina219@0x40
                """)).config();

        assertThat(c.channels().get(0)).isEqualTo(new DcPowerChannelConfig("battery", "ina219@0x40", 0.1, 3.2));
    }

    @Test
    void a_ct_key_on_a_dc_power_channel_names_the_right_type() {
        ConfigProblem p = problem(withChannels("""
                  - id: battery
                    type: dc-power
                    input: ina219@0x40
                    burden-ohm: 22
                """));

        assertThat(p.key()).isEqualTo("channels[0].burden-ohm");
        assertThat(p.message()).contains("ct-clamp");
    }

    @Test
    void a_negative_shunt_is_refused() {
        ConfigProblem p = problem(withChannels("""
                  - id: battery
                    type: dc-power
                    input: ina219@0x40
                    shunt-ohm: -0.1
                """));

        assertThat(p.key()).isEqualTo("channels[0].shunt-ohm");
        assertThat(p.message()).isEqualTo("must be > 0 (was -0.1)");
    }
}
