package org.meternode.hal.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meternode.hal.AnalogChannel;

/**
 * RMS current from a synthetic clamp signal: a mains sine (optionally with a 3rd harmonic) riding
 * on the 1.65 V bias, converted at the ADS1115's 860 SPS with its 125 uV step (+-4.096 V range).
 */
class CtClampTest {
    private static final double SPS = 860;
    private static final double BIAS = 1.65;
    /** 100 A : 50 mA clamp. */
    private static final double TURNS = 2000;
    private static final double BURDEN = 22;

    @ParameterizedTest(name = "{0} A rms, start phase {1} deg")
    @CsvSource({"20, 0", "20, 37", "20, 90", "20, 211", "5, 0", "60, 300", "0.5, 45"})
    void fifty_hz_over_20_cycles_is_within_half_a_percent(double amps, double phaseDegrees) throws IOException {
        SineAdc adc = new SineAdc(50, secondaryVoltsPeak(amps), Math.toRadians(phaseDegrees), 0);
        CtClamp clamp = new CtClamp(adc, TURNS, BURDEN, 50, 20, 1.0);

        double measured = clamp.measureAmpsRms();

        assertThat(clamp.samplesPerMeasurement()).isEqualTo(344); // 0.4 s at 860 SPS: exactly 20 cycles
        assertThat(adc.reads).isEqualTo(344);
        assertThat(measured).isCloseTo(amps, withinPercentage(0.5));
    }

    @ParameterizedTest(name = "3rd harmonic {0} of the fundamental, phase {1} deg")
    @CsvSource({"0.3, 0", "0.3, 120", "0.1, 45", "0.5, 270"})
    void a_third_harmonic_adds_its_power_to_the_rms(double harmonic, double phaseDegrees) throws IOException {
        double fundamentalAmps = 20;
        SineAdc adc = new SineAdc(50, secondaryVoltsPeak(fundamentalAmps), Math.toRadians(phaseDegrees), harmonic);
        CtClamp clamp = new CtClamp(adc, TURNS, BURDEN, 50, 20, 1.0);

        double truth = fundamentalAmps * Math.sqrt(1 + harmonic * harmonic);

        assertThat(clamp.measureAmpsRms()).isCloseTo(truth, withinPercentage(0.5));
    }

    @ParameterizedTest(name = "start phase {0} deg")
    @CsvSource({"0", "45", "90", "135", "180", "270"})
    void sixty_hz_is_within_half_a_percent_although_287_samples_are_not_whole_cycles(double phaseDegrees)
            throws IOException {
        SineAdc adc = new SineAdc(60, secondaryVoltsPeak(20), Math.toRadians(phaseDegrees), 0);
        CtClamp clamp = new CtClamp(adc, TURNS, BURDEN, 60, 20, 1.0);

        assertThat(clamp.samplesPerMeasurement()).isEqualTo(287); // 860 * 20 / 60 = 286.7
        assertThat(clamp.measureAmpsRms()).isCloseTo(20, withinPercentage(0.5));
    }

    @Test
    void sixty_hz_with_a_third_harmonic() throws IOException {
        SineAdc adc = new SineAdc(60, secondaryVoltsPeak(10), 0.3, 0.3);
        CtClamp clamp = new CtClamp(adc, TURNS, BURDEN, 60, 20, 1.0);

        assertThat(clamp.measureAmpsRms()).isCloseTo(10 * Math.sqrt(1.09), withinPercentage(0.5));
    }

    @Test
    void the_bias_voltage_does_not_matter() throws IOException {
        SineAdc atBias = new SineAdc(50, secondaryVoltsPeak(20), 0, 0);
        SineAdc offBias = new SineAdc(50, secondaryVoltsPeak(20), 0, 0);
        offBias.bias = 1.2;

        double a = new CtClamp(atBias, TURNS, BURDEN, 50, 20, 1.0).measureAmpsRms();
        double b = new CtClamp(offBias, TURNS, BURDEN, 50, 20, 1.0).measureAmpsRms();

        assertThat(b).isCloseTo(a, withinPercentage(0.05));
    }

    @Test
    void calibration_scales_the_result() throws IOException {
        double plain = new CtClamp(new SineAdc(50, secondaryVoltsPeak(20), 0, 0), TURNS, BURDEN, 50, 20, 1.0)
                .measureAmpsRms();
        double calibrated = new CtClamp(new SineAdc(50, secondaryVoltsPeak(20), 0, 0), TURNS, BURDEN, 50, 20, 1.05)
                .measureAmpsRms();

        assertThat(calibrated).isCloseTo(plain * 1.05, offset(1e-9));
    }

    @Test
    void no_current_reads_as_almost_zero() throws IOException {
        CtClamp clamp = new CtClamp(new SineAdc(50, 0, 0, 0), TURNS, BURDEN, 50, 20, 1.0);

        assertThat(clamp.measureAmpsRms()).isCloseTo(0, offset(0.01)); // less than one ADC step
    }

    @Test
    void ac_rms_removes_the_mean() {
        assertThat(CtClamp.acRms(new double[] {1.65, 1.65, 1.65, 1.65})).isZero();
        assertThat(CtClamp.acRms(new double[] {2.65, 0.65, 2.65, 0.65})).isCloseTo(1.0, offset(1e-12));
    }

    @Test
    void takes_at_least_8_samples() {
        AnalogChannel slow = new SineAdc(50, 0.1, 0, 0) {
            @Override
            public double samplesPerSecond() {
                return 100;
            }
        };

        assertThat(new CtClamp(slow, TURNS, BURDEN, 60, 1, 1.0).samplesPerMeasurement()).isEqualTo(8);
    }

    @Test
    void refuses_settings_that_cannot_measure() {
        AnalogChannel adc = new SineAdc(50, 0.1, 0, 0);

        assertThatThrownBy(() -> new CtClamp(adc, 0, BURDEN, 50, 20, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CtClamp(adc, TURNS, -1, 50, 20, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CtClamp(adc, TURNS, BURDEN, 0, 20, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CtClamp(adc, TURNS, BURDEN, 50, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_adc_failure_is_not_hidden() {
        AnalogChannel dead = new AnalogChannel() {
            @Override
            public double readVolts() throws IOException {
                throw new IOException("I2C 0x48 did not answer");
            }

            @Override
            public double samplesPerSecond() {
                return SPS;
            }
        };

        assertThatThrownBy(() -> new CtClamp(dead, TURNS, BURDEN, 50, 20, 1).measureAmpsRms())
                .isInstanceOf(IOException.class).hasMessageContaining("0x48");
    }

    /** Peak burden voltage for a primary current of {@code ampsRms}. */
    private static double secondaryVoltsPeak(double ampsRms) {
        return ampsRms / TURNS * BURDEN * Math.sqrt(2);
    }

    /** Consecutive conversions of bias + sine (+ 3rd harmonic), quantised to the ADS1115 step. */
    private static class SineAdc implements AnalogChannel {
        private static final double STEP = 4.096 / 32768;
        private final double hz;
        private final double peak;
        private final double phase;
        private final double harmonic;
        double bias = BIAS;
        int reads;

        SineAdc(double hz, double peak, double phase, double harmonic) {
            this.hz = hz;
            this.peak = peak;
            this.phase = phase;
            this.harmonic = harmonic;
        }

        @Override
        public double readVolts() {
            double t = reads++ / SPS;
            double w = 2 * Math.PI * hz * t + phase;
            double v = bias + peak * (Math.sin(w) + harmonic * Math.sin(3 * w + 0.7));
            return Math.round(v / STEP) * STEP;
        }

        @Override
        public double samplesPerSecond() {
            return SPS;
        }
    }

    @Test
    void apparent_power_is_rms_current_times_nominal_volts() {
        assertThat(CtClamp.apparentPowerVa(9.5, 230)).isCloseTo(2185, offset(1e-9));
        assertThat(CtClamp.apparentPowerVa(0, 120)).isZero();
        assertThatThrownBy(() -> CtClamp.apparentPowerVa(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void energy_integrates_power_over_the_span_by_the_trapezoid_rule() {
        assertThat(CtClamp.energyKiloHours(2000, 2000, Duration.ofMinutes(30))).isCloseTo(1.0, offset(1e-12));
        assertThat(CtClamp.energyKiloHours(1000, 3000, Duration.ofHours(1))).isCloseTo(2.0, offset(1e-12));
        assertThat(CtClamp.energyKiloHours(500, 500, Duration.ZERO)).isZero();
        assertThatThrownBy(() -> CtClamp.energyKiloHours(1, 1, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
