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
    private static final double SPS = 860;
    private static final double TURNS = 2000;      // 100 A : 50 mA
    private static final double BURDEN = 22;
    private static final double VOLTS_PER_VOLT = 230 / 0.8; // 230 V mains -> 0.8 V RMS at the ADC
    private static final double LSB = 4.096 / 32768;

    /** One converter with two inputs and one time base: each conversion takes 1/SPS. */
    private static final class TwoInputChip {
        final double mainsHz;
        final double amps;
        final double phaseRadians;     // current lags voltage by this
        final double currentHarmonic3; // of the fundamental
        final double voltsHarmonic3;
        final double volts;
        long conversions;

        TwoInputChip(double mainsHz, double amps, double powerFactorAngleDegrees, double currentHarmonic3,
                double volts, double voltsHarmonic3) {
            this.mainsHz = mainsHz;
            this.amps = amps;
            this.phaseRadians = Math.toRadians(powerFactorAngleDegrees);
            this.currentHarmonic3 = currentHarmonic3;
            this.volts = volts;
            this.voltsHarmonic3 = voltsHarmonic3;
        }

        double next(boolean voltageInput) {
            double t = conversions++ / SPS + 0.00123;
            double w = 2 * Math.PI * mainsHz * t;
            double value;
            if (voltageInput) {
                double v1 = volts / Math.sqrt(1 + voltsHarmonic3 * voltsHarmonic3);
                double mains = Math.sqrt(2) * v1 * (Math.sin(w) + voltsHarmonic3 * Math.sin(3 * w));
                value = 1.65 + mains / VOLTS_PER_VOLT;
            } else {
                double i1 = amps / Math.sqrt(1 + currentHarmonic3 * currentHarmonic3);
                double primary = Math.sqrt(2) * i1 * (Math.sin(w - phaseRadians)
                        + currentHarmonic3 * Math.sin(3 * (w - phaseRadians)));
                value = 1.65 + primary / TURNS * BURDEN;
            }
            return Math.round(value / LSB) * LSB;
        }

        AnalogChannel input(boolean voltageInput) {
            return new AnalogChannel() {
                @Override
                public double readVolts() {
                    return next(voltageInput);
                }

                @Override
                public double samplesPerSecond() {
                    return SPS;
                }
            };
        }

        double realWatts() {
            double i1 = amps / Math.sqrt(1 + currentHarmonic3 * currentHarmonic3);
            double v1 = volts / Math.sqrt(1 + voltsHarmonic3 * voltsHarmonic3);
            // Fundamental plus third-harmonic power (the harmonic is shifted by 3x the angle).
            return v1 * i1 * (Math.cos(phaseRadians) + voltsHarmonic3 * currentHarmonic3 * Math.cos(3 * phaseRadians));
        }
    }

    private static AcPower measure(TwoInputChip chip, int mainsHz, int cycles) throws IOException {
        CtClamp clamp = new CtClamp(chip.input(false), TURNS, BURDEN, mainsHz, cycles, 1);
        return clamp.measureWith(new CtClamp.VoltageReference(chip.input(true), VOLTS_PER_VOLT));
    }

    @ParameterizedTest(name = "{0} Hz, {1} A, current lagging {2} deg")
    @CsvSource({"50, 10, 0", "50, 10, 36.87", "50, 20, -60", "50, 2, 25.8", "60, 10, 0", "60, 15, 36.87", "60, 5, -45"})
    void real_power_is_within_half_a_percent_of_the_truth(int hz, double amps, double angle) throws IOException {
        TwoInputChip chip = new TwoInputChip(hz, amps, angle, 0, 230, 0);

        AcPower p = measure(chip, hz, 20);

        assertThat(p.realWatts()).as("real power").isCloseTo(chip.realWatts(), withinPercentage(0.5));
        assertThat(p.voltsRms()).as("mains volts").isCloseTo(230, withinPercentage(0.5));
        assertThat(p.ampsRms()).as("current").isCloseTo(amps, withinPercentage(0.5));
        assertThat(p.powerFactor()).isCloseTo(Math.cos(Math.toRadians(angle)), offset(0.006));
    }

    @Test
    void harmonics_on_current_and_voltage_stay_within_one_percent() throws IOException {
        TwoInputChip chip = new TwoInputChip(50, 12, 30, 0.3, 230, 0.03);

        AcPower p = measure(chip, 50, 20);

        assertThat(p.realWatts()).isCloseTo(chip.realWatts(), withinPercentage(1.0));
        assertThat(p.apparentVa()).isGreaterThan(p.realWatts());
    }

    @Test
    void no_load_reads_as_almost_no_power() throws IOException {
        TwoInputChip chip = new TwoInputChip(50, 0, 0, 0, 230, 0);

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
        assertThatThrownBy(() -> AcPower.fromInterleaved(new double[4], new double[5], 1, 1, 50, 0.001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 and 5");
        assertThatThrownBy(() -> new CtClamp.VoltageReference(null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("volts-per-volt");
    }
}
