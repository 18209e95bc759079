package org.meternode.board.sim;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A steady voltage at an ADC input, moved by tests with {@link SimBoard#setVolts(String, double)}. */
final class DcVoltageMeter implements AnalogMeter {
    private final AtomicLong voltsBits;

    DcVoltageMeter(MeterSpec.DcVoltage spec) {
        voltsBits = new AtomicLong(Double.doubleToLongBits(spec.volts()));
    }

    void set(double volts) {
        voltsBits.set(Double.doubleToLongBits(volts));
    }

    double volts() {
        return Double.longBitsToDouble(voltsBits.get());
    }

    @Override
    public double adcVoltsAt(Instant t) {
        return volts();
    }

    @Override
    public TruthRecord truth(String channel, String pin, Instant t) {
        return new TruthRecord(channel, pin, t, TruthRecord.VOLTS_TRUE, volts());
    }
}
