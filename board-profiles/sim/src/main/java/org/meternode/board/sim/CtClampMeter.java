package org.meternode.board.sim;

import java.time.Instant;

/**
 * A current transformer on a burden resistor into an ADC input. The true RMS current follows
 * {@link HouseholdLoad} in amps (constant per minute); the waveform is
 * sqrt(2) * I1 * (sin(wt - lag) + h3 * sin(3(wt - lag) + psi)) with I1 = Irms / sqrt(1 + h3^2), so its
 * RMS is exactly Irms, and lag = acos(power factor) behind the mains voltage (phase 0 at each whole
 * second, the same reference {@link AcVoltageMeter} uses). Volts at the ADC pin = dc offset + amps /
 * turns * burden + Gaussian noise; the simulated chip quantises and clips.
 */
final class CtClampMeter implements AnalogMeter {
    /** About half an LSB of noise, roughly what an ADS1115 shows at 860 SPS on the 4.096 V range. */
    static final double NOISE_VOLTS = 60e-6;
    private static final long ADC_NOISE_STREAM = 21;
    private static final long PHASE_STREAM = 22;

    private final MeterSpec.CtClamp spec;
    private final HouseholdLoad amps;
    private final SeededNoise noise;
    private final double harmonicPhase;
    private final double lag;

    CtClampMeter(MeterSpec.CtClamp spec, SeededNoise noise) {
        this.spec = spec;
        this.noise = noise;
        this.amps = new HouseholdLoad(spec.baseAmps(), spec.peakAmps(), spec.noise(), noise);
        this.harmonicPhase = 2 * Math.PI * noise.unit(PHASE_STREAM, 0);
        this.lag = Math.acos(spec.powerFactor());
    }

    MeterSpec.CtClamp spec() {
        return spec;
    }

    /** The true RMS primary current at {@code t}. */
    double ampsRmsAt(Instant t) {
        return amps.inMinute(MinuteIntegral.minuteOf(t));
    }

    /** The primary current's instantaneous value at {@code t}. */
    double ampsAt(Instant t) {
        double h3 = spec.harmonic3();
        double fundamental = ampsRmsAt(t) / Math.sqrt(1 + h3 * h3);
        // Mains frequency is a whole number of Hz, so only the fraction of the second sets the phase.
        double wt = 2 * Math.PI * spec.mainsHz() * (t.getNano() / 1e9) - lag;
        return Math.sqrt(2) * fundamental * (Math.sin(wt) + h3 * Math.sin(3 * wt + harmonicPhase));
    }

    /**
     * Real power at {@code t} with a sinusoidal mains voltage of {@code mainsVoltsRms}: only the
     * fundamental carries power, so P = V * I1 * power factor.
     */
    double realWattsAt(Instant t, double mainsVoltsRms) {
        double h3 = spec.harmonic3();
        return mainsVoltsRms * ampsRmsAt(t) / Math.sqrt(1 + h3 * h3) * spec.powerFactor();
    }

    @Override
    public double adcVoltsAt(Instant t) {
        return spec.dcOffsetVolts() + ampsAt(t) / spec.ratio().turns() * spec.burdenOhm()
                + NOISE_VOLTS * noise.gaussian(ADC_NOISE_STREAM, t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }

    @Override
    public TruthRecord truth(String channel, String pin, Instant t) {
        return new TruthRecord(channel, pin, t, TruthRecord.AMPS_RMS_TRUE, ampsRmsAt(t));
    }
}
