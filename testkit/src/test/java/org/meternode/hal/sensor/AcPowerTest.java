package org.meternode.hal.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.meternode.hal.AnalogChannel;

/**
 * Real power from a CT clamp and an AC-AC voltage reference on one 16-bit converter at 860 SPS,
 * converting the two inputs alternately: the case where interleaving costs the most.
 */
class AcPowerTest {
    private static final double TURNS = MainsChip.TURNS;
    private static final double BURDEN = MainsChip.BURDEN;
    private static final double VOLTS_PER_VOLT = MainsChip.VOLTS_PER_VOLT;

    private static AcPower measure(MainsChip chip, int mainsHz, int cycles) throws IOException {
        CtClamp clamp = new CtClamp(chip.input(false), TURNS, BURDEN, mainsHz, cycles, 1);
        return clamp.measureWith(new CtClamp.VoltageReference(chip.input(true), VOLTS_PER_VOLT));
    }

    @ParameterizedTest(name = "{0} Hz, {1} A, current lagging {2} deg")
    @CsvSource({"50, 10, 0", "50, 10, 36.87", "50, 20, -60", "50, 2, 25.8", "60, 10, 0", "60, 15, 36.87", "60, 5, -45"})
    void real_power_is_within_half_a_percent_of_the_truth(int hz, double amps, double angle) throws IOException {
        MainsChip chip = new MainsChip(hz, amps, angle, 0, 230, 0);

        AcPower p = measure(chip, hz, 20);

        assertThat(p.realWatts()).as("real power").isCloseTo(chip.realWatts(), withinPercentage(0.5));
        assertThat(p.voltsRms()).as("mains volts").isCloseTo(230, withinPercentage(0.5));
        assertThat(p.ampsRms()).as("current").isCloseTo(amps, withinPercentage(0.5));
        assertThat(p.powerFactor()).isCloseTo(Math.cos(Math.toRadians(angle)), offset(0.006));
    }

    @Test
    void harmonics_on_current_and_voltage_stay_within_one_percent() throws IOException {
        MainsChip chip = new MainsChip(50, 12, 30, 0.3, 230, 0.03);

        AcPower p = measure(chip, 50, 20);

        assertThat(p.realWatts()).isCloseTo(chip.realWatts(), withinPercentage(1.0));
        assertThat(p.apparentVa()).isGreaterThan(p.realWatts());
    }

    @ParameterizedTest(name = "conversions every {0} ms")
    @CsvSource({"1.3", "1.45", "1.6"})
    void a_slower_conversion_pace_than_the_data_rate_does_not_bias_real_power(double millis) throws IOException {
        MainsChip chip = new MainsChip(50, 10, 25.84, 0.08, 230, 0).spacedBy(millis / 1000);

        AcPower p = measure(chip, 50, 20);

        assertThat(p.realWatts()).isCloseTo(chip.realWatts(), withinPercentage(0.5));
    }

    @Test
    void no_load_reads_as_almost_no_power() throws IOException {
        MainsChip chip = new MainsChip(50, 0, 0, 0, 230, 0);

        AcPower p = measure(chip, 50, 20);

        assertThat(p.realWatts()).isCloseTo(0, offset(2.0));
        assertThat(p.voltsRms()).isCloseTo(230, withinPercentage(0.5));
    }

    @Test
    void the_pair_count_spans_whole_cycles_when_the_rate_allows() {
        assertThat(CtClamp.wholeCyclePairs(860, 50, 20)).isEqualTo(172);   // 344 conversions = 20 cycles
        assertThat(CtClamp.wholeCyclePairs(860, 60, 20)).isEqualTo(129);   // 258 conversions = 18 cycles
        assertThat(CtClamp.wholeCyclePairs(3300, 50, 10)).isEqualTo(330);  // MCP3008 rate: exact already
    }

    @Test
    void mismatched_sample_arrays_are_refused() {
        assertThatThrownBy(() -> AcPower.fromInterleaved(new double[4], new double[5], 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 and 5");
        assertThatThrownBy(() -> new CtClamp.VoltageReference(null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("volts-per-volt");
    }
}
