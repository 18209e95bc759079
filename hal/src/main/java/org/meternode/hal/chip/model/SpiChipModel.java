package org.meternode.hal.chip.model;

/** A simulated chip behind one chip-select on a SPI bus (the testkit's FakeSpiBus, the sim board). */
public interface SpiChipModel {
    /** One chip-select-low frame: the MOSI bytes in, the MISO bytes (same length) out. */
    byte[] exchange(byte[] mosi);
}
