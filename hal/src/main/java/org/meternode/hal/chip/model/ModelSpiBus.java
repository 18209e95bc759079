package org.meternode.hal.chip.model;

import java.util.Arrays;
import java.util.Objects;
import org.meternode.hal.bus.SpiBus;

/**
 * One SPI chip-select line with a {@link SpiChipModel} behind it: the sim board's SPI bus, and the
 * base of the testkit's logging {@code FakeSpiBus}. After {@link #disconnect()} MISO floats high
 * (as with a pull-up), so every bit reads 1.
 */
public class ModelSpiBus implements SpiBus {
    private volatile SpiChipModel chip;

    public ModelSpiBus(SpiChipModel chip) {
        this.chip = Objects.requireNonNull(chip, "chip");
    }

    /** Unplugs the chip: MISO floats high from now on. */
    public void disconnect() {
        chip = null;
    }

    @Override
    public synchronized void transfer(byte[] out, byte[] in) {
        if (out.length != in.length) {
            throw new IllegalArgumentException("SPI is full duplex: out has " + out.length + " bytes, in " + in.length);
        }
        SpiChipModel current = chip;
        byte[] miso;
        if (current == null) {
            miso = new byte[out.length];
            Arrays.fill(miso, (byte) 0xFF);
        } else {
            miso = current.exchange(out.clone());
            if (miso.length != out.length) {
                throw new IllegalStateException("chip model answered " + miso.length + " bytes to a " + out.length + "-byte frame");
            }
        }
        System.arraycopy(miso, 0, in, 0, in.length);
        exchanged(out.clone(), miso.clone());
    }

    /** Called, holding the bus, after each frame; for logs. */
    protected void exchanged(byte[] mosi, byte[] miso) {
    }
}
