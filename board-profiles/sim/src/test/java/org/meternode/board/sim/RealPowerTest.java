package org.meternode.board.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.meternode.board.sim.SimTesting.VIRTUAL_START;
import static org.meternode.board.sim.SimTesting.WALL_START;
import static org.meternode.board.sim.SimTesting.map;
import static org.meternode.board.sim.SimTesting.open;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.AnalogChannel;
import org.meternode.hal.BoardException;
import org.meternode.hal.sensor.CtClamp;

/**
 * A CT clamp and an AC-AC voltage input on one simulated ADS1115: alternating single-shot
 * conversions share the chip's clock, so the two waveforms keep their true phase relation and real
 * power computed from them matches the ground truth.
 */
class RealPowerTest {
    private static final String CT = "ads1115@0x48/A0";
    private static final String MAINS = "ads1115@0x48/A1";
    private static final double SPS = 860;
    private static final double VOLTS_PER_VOLT = 230 / 0.8;

    @TempDir
    Path stateDir;

    private final ManualWallTime wall = new ManualWallTime(WALL_START);

    private SimBoard board(double powerFactor) throws BoardException {
        return open(wall, stateDir, map("start", VIRTUAL_START.toString(), "meters", map(
                CT, map("type", "ct-clamp", "power-factor", powerFactor, "base-amps", 6, "peak-amps", 18),
                MAINS, map("type", "ac-voltage", "volts-rms", 230, "volts-per-volt", VOLTS_PER_VOLT))));
    }

    @Test
    void interleaved_current_and_voltage_give_the_true_real_power() throws Exception {
        for (double pf : new double[] {1.0, 0.95, 0.7}) {
            try (SimBoard board = board(pf)) {
                wall.advance(Duration.ofHours(19).plusMinutes(31));
                AnalogChannel current = board.analogChannel("mains", "ads1115/A0");
                AnalogChannel voltage = board.analogChannel("mains-volts", MAINS);
                int pairs = 86; // 430 pairs a second: 86 pairs are 10 whole cycles of 50 Hz
                double[] u = new double[pairs + 1];
                double[] i = new double[pairs];
                Instant start = board.clock().instant();
                u[0] = voltage.readVolts();
                for (int k = 0; k < pairs; k++) {
                    i[k] = current.readVolts();
                    u[k + 1] = voltage.readVolts();
                }
                // Each conversion took exactly one period of the chip's own clock.
                assertThat(board.sampleClock(CT).instant())
                        .isEqualTo(start.plusNanos((2L * pairs + 1) * Math.round(1e9 / SPS)));

                double uMean = mean(u);
                double iMean = mean(i);
                // The voltage at each current sample, from its two neighbours one period either side
                // (exact for a sine: u(t) = (u(t-T) + u(t+T)) / (2 cos wT)).
                double twoCos = 2 * Math.cos(2 * Math.PI * 50 / SPS);
                double watts = 0;
                double volts2 = 0;
                for (int k = 0; k < pairs; k++) {
                    double mainsVolts = ((u[k] - uMean) + (u[k + 1] - uMean)) / twoCos * VOLTS_PER_VOLT;
                    double amps = (i[k] - iMean) / 22 * 2000;
                    watts += mainsVolts * amps / pairs;
                    volts2 += mainsVolts * mainsVolts / pairs;
                }
                double truthWatts = board.realWattsAt(CT, start);
                assertThat(truthWatts).isGreaterThan(500);
                assertThat(watts).as("real power at pf %s", pf).isCloseTo(truthWatts, withinPercentage(1.5));
                assertThat(Math.sqrt(volts2)).isCloseTo(board.mainsVoltsAt(MAINS, start), withinPercentage(1));
                assertThat(board.journal()).extracting(TruthRecord::kind).containsExactly("volts-rms-true");
            }
        }
    }

    @Test
    void the_ct_clamp_keeps_its_accuracy_through_the_driver_next_to_a_voltage_input() throws Exception {
        try (SimBoard board = board(0.95)) {
            wall.advance(Duration.ofHours(7).plusMinutes(44));
            CtClamp clamp = new CtClamp(board.analogChannel("mains", CT), 2000, 22, 50, 20, 1.0);
            board.analogChannel("mains-volts", MAINS).readVolts();
            Instant at = board.clock().instant();
            assertThat(clamp.measureAmpsRms()).isCloseTo(board.trueAmpsRmsAt(CT, at), withinPercentage(0.5));
        }
    }

    @Test
    void real_power_without_a_voltage_meter_uses_nominal_mains() throws Exception {
        try (SimBoard board = open(wall, stateDir, map("start", VIRTUAL_START.toString(), "meters", map(
                "A0", map("type", "ct-clamp", "harmonic3", 0.0, "power-factor", 0.8))))) {
            Instant t = board.clock().instant();
            assertThat(board.realWattsAt("A0", t)).isCloseTo(230 * board.trueAmpsRmsAt("A0", t) * 0.8,
                    withinPercentage(1e-9));
            assertThatThrownBy(() -> board.mainsVoltsAt("A0", t)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not ac-voltage");
        }
    }

    @Test
    void an_ads1115_shares_one_data_rate_and_one_address_with_no_ina219() {
        assertThatThrownBy(() -> open(wall, stateDir, map("meters", map(
                CT, map("type", "ct-clamp"), MAINS, map("type", "ac-voltage", "samples-per-second", 475)))))
                .isInstanceOf(BoardException.class)
                .hasMessageContaining("board-options.meters.ads1115@0x48/A1.samples-per-second")
                .hasMessageContaining("share its data rate");
        assertThatThrownBy(() -> open(wall, stateDir, map("meters", map(CT, map("type", "ct-clamp",
                "samples-per-second", 500)))))
                .hasMessage("board-options.meters.ads1115@0x48/A0.samples-per-second: an ADS1115 converts at 8, 16, 32,"
                        + " 64, 128, 250, 475 or 860 samples per second, got 500");
        assertThatThrownBy(() -> open(wall, stateDir, map("meters", map(CT, map("type", "ct-clamp"),
                "ina219@0x48", map("type", "ina219")))))
                .hasMessageContaining("board-options.meters.ina219@0x48: I2C address 0x48 is already taken");
        assertThatThrownBy(() -> open(wall, stateDir, map("meters", map("ads1115@0x4C/A0", map("type", "ct-clamp")))))
                .hasMessage("board-options.meters.ads1115@0x4C/A0: analog input 'ads1115@0x4C/A0': ADS1115 address must"
                        + " be 0x48..0x4B (ADDR pin to GND, VDD, SDA or SCL)");
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
