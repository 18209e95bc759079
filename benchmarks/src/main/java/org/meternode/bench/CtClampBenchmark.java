package org.meternode.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.meternode.hal.AnalogChannel;
import org.meternode.hal.sensor.AcPower;
import org.meternode.hal.sensor.CtClamp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CT clamp math on one measurement's worth of samples with the node's defaults (an ADS1115 at 860 SPS,
 * 50 Hz mains, 20 cycles: {@link CtClamp#samplesPerMeasurement()} conversions): {@link CtClamp#acRms}
 * for a current-only clamp, {@link AcPower#fromInterleaved} for a clamp with a voltage reference (half
 * the conversions each). The peer is the converter: the time it needs to take those samples. The ratio
 * is the CPU's share of a measurement, which must stay far below 1 for the sampler to keep up on a Pi
 * Zero. The waveform is a 50 Hz sine with a third harmonic, a bias and fixed-seed noise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CtClampBenchmark {
    static final double SAMPLES_PER_SECOND = 860;
    static final int MAINS_HZ = 50;
    static final int CYCLES = 20;
    private static final double TURNS_RATIO = 2000;
    private static final double BURDEN_OHM = 22;
    private static final double VOLTS_PER_VOLT = 287.5;

    private double[] currentOnly;
    private double[] current;
    private double[] volts;

    @Setup
    public void sample() {
        int conversions = conversionsPerMeasurement();
        Random noise = new Random(42);
        currentOnly = new double[conversions];
        for (int k = 0; k < conversions; k++) {
            currentOnly[k] = clampVolts(k, noise);
        }
        current = new double[conversions / 2];
        volts = new double[conversions / 2];
        for (int k = 0; k < conversions / 2; k++) {
            current[k] = clampVolts(2 * k, noise);
            volts[k] = 1.65 + 0.8 * Math.sin(phase(2 * k + 1)) + 0.001 * noise.nextGaussian();
        }
    }

    @Benchmark
    public double acRms() {
        return CtClamp.acRms(currentOnly) / BURDEN_OHM * TURNS_RATIO;
    }

    @Benchmark
    public AcPower acPower() {
        return AcPower.fromInterleaved(current, volts, TURNS_RATIO / BURDEN_OHM, VOLTS_PER_VOLT);
    }

    /** Conversions per measurement, as the node's CtClamp counts them. */
    static int conversionsPerMeasurement() {
        return new CtClamp(new RateOnlyChannel(), TURNS_RATIO, BURDEN_OHM, MAINS_HZ, CYCLES, 1.0)
                .samplesPerMeasurement();
    }

    /** Seconds the converter takes for one measurement: the peer. */
    static double adcSecondsPerMeasurement() {
        return conversionsPerMeasurement() / SAMPLES_PER_SECOND;
    }

    private static double clampVolts(int conversion, Random noise) {
        double wt = phase(conversion) - 0.3; // a lagging load
        return 1.65 + 0.25 * Math.sin(wt) + 0.03 * Math.sin(3 * wt) + 0.001 * noise.nextGaussian();
    }

    private static double phase(int conversion) {
        return 2 * Math.PI * MAINS_HZ * conversion / SAMPLES_PER_SECOND;
    }

    /** Only the rate is asked for: the benchmark feeds recorded samples, not conversions. */
    private static final class RateOnlyChannel implements AnalogChannel {
        @Override
        public double readVolts() {
            throw new UnsupportedOperationException("the benchmark samples a synthetic waveform");
        }

        @Override
        public double samplesPerSecond() {
            return SAMPLES_PER_SECOND;
        }
    }
}
