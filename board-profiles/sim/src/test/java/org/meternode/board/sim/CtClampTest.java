package org.meternode.board.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.meternode.board.sim.SimTesting.VIRTUAL_START;
import static org.meternode.board.sim.SimTesting.WALL_START;
import static org.meternode.board.sim.SimTesting.allMeters;
import static org.meternode.board.sim.SimTesting.map;
import static org.meternode.board.sim.SimTesting.open;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meternode.hal.AnalogChannel;
import org.meternode.hal.sensor.CtClamp;

class CtClampTest {
    @TempDir
    Path stateDir;

    private final ManualWallTime wall = new ManualWallTime(WALL_START);

    /**
     * A0: 50 Hz, 100 A : 50 mA, 22 ohm. A1: 60 Hz, 30 A : 10 mA, 22 ohm. 860 SPS: 5 cycles of 50 Hz
     * are 86 samples, 3 cycles of 60 Hz are 43, so these counts hold whole cycles exactly.
     */
    @ParameterizedTest(name = "{0} at {1} Hz, {2} cycles, {3} after midnight")
    @CsvSource({
            "A0, 50, 10, PT19H30M10S, 2000",
            "A0, 50, 5,  PT3H12M40S,  2000",
            "A1, 60, 9,  PT19H30M10S, 3000",
            "A1, 60, 3,  PT7H41M5S,   3000"})
    void rms_over_whole_cycles_matches_the_true_current(String pin, int hz, int cycles, Duration sinceMidnight,
            double turns) throws Exception {
        try (SimBoard board = open(wall, stateDir, allMeters())) {
            wall.advance(sinceMidnight);
            AnalogChannel adc = board.analogChannel("mains", pin);
            assertThat(adc.samplesPerSecond()).isEqualTo(860);
            int samples = Math.toIntExact(Math.round(cycles * adc.samplesPerSecond() / hz));
            assertThat(samples * (double) hz).isEqualTo(cycles * adc.samplesPerSecond());
            double[] volts = new double[samples];
            adc.readVolts(volts);

            double mean = 0;
            for (double v : volts) {
                mean += v / samples;
            }
            double squares = 0;
            for (double v : volts) {
                squares += (v - mean) * (v - mean);
            }
            double ampsRms = Math.sqrt(squares / samples) / 22 * turns;
            Instant first = board.clock().instant();
            double truth = board.trueAmpsRmsAt(pin, first);
            assertThat(truth).isPositive();
            assertThat(ampsRms).isCloseTo(truth, withinPercentage(1));
            assertThat(mean).isCloseTo(1.65, offset(0.001));
            assertThat(board.journal()).containsExactly(
                    new TruthRecord("mains", pin, first, "amps-rms-true", truth));
        }
    }

    @Test
    void conversions_are_paced_in_sample_time_and_resync_after_ten_seconds() throws Exception {
        try (SimBoard board = open(wall, stateDir, allMeters())) {
            wall.advance(Duration.ofHours(12));
            Instant now = board.clock().instant();
            AnalogChannel adc = board.analogChannel("mains", "A0");
            for (int i = 0; i < 1720; i++) { // two seconds of sample time, read at once
                adc.readVolts();
            }
            assertThat(board.journal()).hasSize(1); // one burst: sample time ran ahead of the clock
            wall.advance(Duration.ofSeconds(2)); // sample time is now 2 s ahead; the clock catches up
            adc.readVolts();
            assertThat(board.journal()).hasSize(1);
            wall.advance(Duration.ofMillis(10_001 + 2000)); // the clock is more than 10 s past sample time
            adc.readVolts();
            List<TruthRecord> journal = board.journal();
            assertThat(journal).hasSize(2);
            assertThat(journal.get(0).at()).isEqualTo(now);
            assertThat(journal.get(1).at()).isEqualTo(now.plusMillis(14_001));
            adc.readVolts(new double[10]); // an explicit burst is journalled even without a re-sync
            assertThat(board.journal()).hasSize(3);
            assertThat(board.journal().get(2).at()).isAfter(now.plusMillis(14_001));
        }
    }

    @Test
    void volts_are_16_bit_codes_of_the_4_096_volt_range_and_clip() throws Exception {
        try (SimBoard board = open(wall, stateDir, map("start", VIRTUAL_START.toString(), "meters", map(
                "A0", map("type", "ct-clamp"),
                "A2", map("type", "ct-clamp", "ratio", "100A:100mA", "burden-ohm", 200,
                        "base-amps", 50, "peak-amps", 50))))) {
            double lsb = 4.096 / 32768;
            double[] normal = new double[860];
            board.analogChannel("mains", "A0").readVolts(normal);
            for (double v : normal) {
                assertThat(Math.abs(v / lsb - Math.rint(v / lsb))).isLessThan(1e-6);
                assertThat(v).isBetween(0.0, 3.3);
            }
            double[] clipped = new double[860];
            board.analogChannel("overload", "A2").readVolts(clipped);
            assertThat(Arrays.stream(clipped).max().orElseThrow()).isEqualTo(32767 * lsb);
            assertThat(Arrays.stream(clipped).min().orElseThrow()).isEqualTo(-4.096);
        }
    }

    /**
     * hal's CtClamp on the sim ADC: a waveform with a strong third harmonic riding on a DC offset
     * that is not mid-rail, at 50 and 60 Hz. Irms within 0.5 % of the truth; VA is Irms x volts.
     */
    @ParameterizedTest(name = "{0} Hz, {1} cycles, harmonic3 {2}, dc {3} V, {4} V nominal")
    @CsvSource({
            "50, 10, 0.25, 1.2,  230",
            "50, 20, 0.10, 2.0,  240",
            "60, 9,  0.25, 1.65, 120",
            "60, 3,  0.30, 0.9,  208"})
    void ct_clamp_rms_and_apparent_power_through_the_sim_adc(int hz, int cycles, double h3, double dc,
            double volts) throws Exception {
        try (SimBoard board = open(wall, stateDir, map("start", VIRTUAL_START.toString(), "meters", map(
                "A0", map("type", "ct-clamp", "mains-hz", hz, "harmonic3", h3, "dc-offset-volts", dc,
                        "base-amps", 8, "peak-amps", 20))))) {
            wall.advance(Duration.ofHours(19).plusMinutes(7));
            CtClamp clamp = new CtClamp(board.analogChannel("mains", "A0"), 2000, 22, hz, cycles, 1.0);
            assertThat(clamp.samplesPerMeasurement() * (double) hz).isEqualTo(cycles * 860.0);
            Instant at = board.clock().instant();
            double amps = clamp.measureAmpsRms();
            double truth = board.trueAmpsRmsAt("A0", at);
            assertThat(truth).isGreaterThan(5);
            assertThat(amps).isCloseTo(truth, withinPercentage(0.5));
            assertThat(CtClamp.apparentPowerVa(amps, volts)).isCloseTo(amps * volts, offset(1e-9))
                    .isCloseTo(truth * volts, withinPercentage(0.5));
        }
    }
}
