package org.meternode.hal.bus.fake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.meternode.hal.bus.SpiBus;

/**
 * An SPI chip-select line with a simulated chip and a log of every frame. After
 * {@link #disconnect()} MISO floats high (as with a pull-up), so every bit reads 1.
 */
public final class FakeSpiBus implements SpiBus {

    /** One frame: what was sent and what came back; compares by content. */
    public record Frame(byte[] mosi, byte[] miso) {
        public Frame {
            mosi = mosi.clone();
            miso = miso.clone();
        }

        @Override
        public byte[] mosi() {
            return mosi.clone();
        }

        @Override
        public byte[] miso() {
            return miso.clone();
        }

        /** MOSI bytes as "01 80 00". */
        public String mosiHex() {
            return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(mosi);
        }

        /** MISO bytes as "FF FB 00". */
        public String misoHex() {
            return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(miso);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && Arrays.equals(f.mosi, mosi) && Arrays.equals(f.miso, miso);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(mosi), Arrays.hashCode(miso));
        }

        @Override
        public String toString() {
            return "MOSI [" + mosiHex() + "] MISO [" + misoHex() + "]";
        }
    }

    private volatile FakeSpiChip chip;
    private final List<Frame> log = new ArrayList<>();

    public FakeSpiBus(FakeSpiChip chip) {
        this.chip = Objects.requireNonNull(chip, "chip");
    }

    /** Unplugs the chip: MISO floats high from now on. */
    public void disconnect() {
        chip = null;
    }

    public synchronized List<Frame> log() {
        return List.copyOf(log);
    }

    public synchronized void clearLog() {
        log.clear();
    }

    @Override
    public synchronized void transfer(byte[] out, byte[] in) {
        if (out.length != in.length) {
            throw new IllegalArgumentException("SPI is full duplex: out has " + out.length + " bytes, in " + in.length);
        }
        FakeSpiChip current = chip;
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
        log.add(new Frame(out, miso));
    }
}
