package org.meternode.hal.bus;

import java.io.IOException;

/**
 * An SPI bus as seen through one chip-select line: each {@link #transfer} is one frame with the
 * chip selected from the first clock to the last (so a chip such as the MCP3008 sees a fresh
 * start bit per frame).
 */
public interface SpiBus {

    /**
     * Clocks {@code out} onto MOSI while filling {@code in} from MISO, full duplex, MSB first.
     *
     * @throws IllegalArgumentException when the arrays differ in length
     */
    void transfer(byte[] out, byte[] in) throws IOException;

    /** One frame; returns the bytes read while {@code out} was written. */
    default byte[] transfer(byte... out) throws IOException {
        byte[] in = new byte[out.length];
        transfer(out, in);
        return in;
    }

    /** One frame whose MISO bytes are not needed. */
    default void write(byte... out) throws IOException {
        transfer(out, new byte[out.length]);
    }
}
