package org.meternode.board.sim;

import java.time.Instant;

/**
 * The mains voltage through an AC-AC adapter and a biased divider into an ADC input. The RMS voltage
 * is the nominal one times (1 + noise * u), u uniform in [-1, 1) per minute; the waveform is
 * sqrt(2) * Vrms * sin(wt) with phase 0 at each whole second (the CT clamps' reference); volts at the
 * ADC pin = dc offset + mains volts / volts-per-volt + Gaussian noise.
 */
final class AcVoltageMeter implements AnalogMeter {
    private static final long MINUTE_STREAM = 31;
    private static final long ADC_NOISE_STREAM = 32;

    private final MeterSpec.AcVoltage spec;
    private final SeededNoise noise;

    AcVoltageMeter(MeterSpec.AcVoltage spec, SeededNoise noise) {
        this.spec = spec;
        this.noise = noise;
    }

    /** The true RMS mains voltage at {@code t}. */
    double voltsRmsAt(Instant t) {
        return spec.voltsRms() * (1 + spec.noise() * noise.signed(MINUTE_STREAM, MinuteIntegral.minuteOf(t)));
    }

    /** The mains voltage's instantaneous value at {@code t}. */
    double voltsAt(Instant t) {
        double wt = 2 * Math.PI * spec.mainsHz() * (t.getNano() / 1e9);
        return Math.sqrt(2) * voltsRmsAt(t) * Math.sin(wt);
    }

    @Override
    public double adcVoltsAt(Instant t) {
        return spec.dcOffsetVolts() + voltsAt(t) / spec.voltsPerVolt()
                + CtClampMeter.NOISE_VOLTS * noise.gaussian(ADC_NOISE_STREAM, t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }

    @Override
    public TruthRecord truth(String channel, String pin, Instant t) {
        return new TruthRecord(channel, pin, t, TruthRecord.VOLTS_RMS_TRUE, voltsRmsAt(t));
    }
}
