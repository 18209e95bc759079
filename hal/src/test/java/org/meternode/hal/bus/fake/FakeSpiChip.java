package org.meternode.hal.bus.fake;

/** A simulated chip behind one chip-select on a {@link FakeSpiBus}. */
public interface FakeSpiChip {
    /** One chip-select-low frame: the MOSI bytes in, the MISO bytes (same length) out. */
    byte[] exchange(byte[] mosi);
}
