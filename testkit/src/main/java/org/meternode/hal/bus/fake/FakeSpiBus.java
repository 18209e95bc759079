package org.meternode.hal.bus.fake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.meternode.hal.chip.model.ModelSpiBus;
import org.meternode.hal.chip.model.SpiChipModel;

/**
 * hal's {@link ModelSpiBus} (a chip model behind one chip select; MISO floats high after
 * {@code disconnect()}) plus a log of every frame.
 */
public final class FakeSpiBus extends ModelSpiBus {

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

    private final List<Frame> log = new ArrayList<>();

    public FakeSpiBus(SpiChipModel chip) {
        super(chip);
    }

    public synchronized List<Frame> log() {
        return List.copyOf(log);
    }

    public synchronized void clearLog() {
        log.clear();
    }

    @Override
    protected synchronized void exchanged(byte[] mosi, byte[] miso) {
        log.add(new Frame(mosi, miso));
    }
}
